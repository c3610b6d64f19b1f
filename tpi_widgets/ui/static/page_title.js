// The page's title (ui/kit/page_title.py): the kernel's, in place of the notebook's file name that
// Voila gives the page; kept as the kernel changes it (a step switched to, a language chosen).
function render({ model, el }) {
  el.hidden = true;
  const show = () => {
    if (model.get("title")) document.title = model.get("title");
  };
  show();
  model.on("change:title", show);
}

export default { render };
