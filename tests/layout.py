"""How a page fits its device, measured in the browser (tests/test_browser_phone.py and
benchmarks/bench_layout.py): the page's height and sideways scroll, and its controls smaller than
a thumb (44×44 px, WCAG 2.5.5)."""

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}
THUMB_PX = 44

MEASURE = """(thumb) => {
  const seen = [...document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a[href]')]
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, box]) => box.width > 0 && box.height > 0 && box.bottom > 0  // a skip link waits above the page
                        && getComputedStyle(el).visibility !== 'hidden');
  const small = seen.filter(([el, box]) => box.width < thumb || box.height < thumb);
  const named = ([el, box]) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ` +
      `"${(el.textContent || el.value || '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`;
  const root = document.documentElement;
  // Voila's page scrolls inside an element of its own, not the document: the tallest scroller counts
  const scrollers = [root, ...document.querySelectorAll('*')].filter(el =>
      el === root || ['auto', 'scroll'].includes(getComputedStyle(el).overflowY));
  const wide = [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > window.innerWidth + 1);
  return {height_px: Math.max(...scrollers.map(el => el.scrollHeight)),
          sideways_px: Math.max(0, ...scrollers.map(el => el.scrollWidth - el.clientWidth)),
          controls: seen.length, small_controls: small.length, small_examples: small.slice(0, 5).map(named),
          too_wide: wide.slice(0, 3).map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
          title: document.title};
}"""


def measure(page) -> dict:
    return page.evaluate(MEASURE, THUMB_PX)


def settled(page, quiet_seconds: float = 1.5, longest: float = 60):
    """Until the page's controls stop arriving (a busy kernel sends a long step's widgets for seconds)."""
    count, waited = -1, 0.0
    while waited < longest:
        now = page.evaluate("document.querySelectorAll('button, input, select, textarea').length")
        if now == count:
            return
        count = now
        page.wait_for_timeout(quiet_seconds * 1000)
        waited += quiet_seconds
