"""The kernels `tpi serve` starts: ipykernel without its debugger.

Every page's kernel (a participant's step page, the room view, a warm kernel) is started from
the `python3` kernel spec. ipykernel imports debugpy (with pydevd, its compiled tracer and its
plugins) as it starts, whether or not a debugger ever attaches: about 7 MiB of every kernel's
memory, which no page uses (a Voila page offers no debugger). LeanKernelSpecs, the server's
kernel spec manager (app.py's voila_config), gives that spec a launch command that marks debugpy
as absent before ipykernel starts (a None in sys.modules makes its import fail as if it were not
installed: ipykernel then runs without a debugger, as it does where debugpy is not installed),
and says so in the spec's metadata. Everything else is ipykernel's own launcher: its command
line, its options, the kernel's environment.

Measured (benchmarks/README.md, kernel_memory) and left out, as none lowered a signed-in page's
kernel by more than 0.5 MiB: MALLOC_ARENA_MAX=1 or 2, MALLOC_TRIM_THRESHOLD_, PYTHONOPTIMIZE=2,
IPython's history off, SQLAlchemy without its compiled extensions, and gc.collect, gc.freeze or
malloc_trim(0) in the kernel once the page is shown (PYTHONMALLOC=malloc added 2-3 MiB). What a
page's kernel holds is imported code and live objects, not freed memory.
"""

from __future__ import annotations

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

IPYKERNEL_LAUNCHER = ["-m", "ipykernel_launcher"]

# ipykernel_launcher's own two steps (the current folder off sys.path while ipykernel loads, then
# launch), after marking debugpy absent; "ipykernel" stays in the command line, where tests and
# benchmarks look for kernels
LEAN_LAUNCHER = ["-c", "import sys; sys.modules['debugpy'] = None; sys.path[0] == '' and sys.path.pop(0); "
                       "from ipykernel import kernelapp; kernelapp.launch_new_instance()"]


def lean_argv(argv: list[str]) -> list[str]:
    """ipykernel's launch command (`python -m ipykernel_launcher -f {connection_file} ...`) with
    the debugger left out; any other kernel's command as it is."""
    if argv[1:3] != IPYKERNEL_LAUNCHER:
        return list(argv)
    return [argv[0], *LEAN_LAUNCHER, *argv[3:]]


def lean_spec(spec: KernelSpec) -> KernelSpec:
    """The spec with the lean launch command, when it is ipykernel's (changed in place)."""
    argv = lean_argv(spec.argv)
    if argv != spec.argv:
        spec.argv = argv
        spec.metadata = {**spec.metadata, "debugger": False}
    return spec


class LeanKernelSpecs(KernelSpecManager):
    """The server's kernel specs: every ipykernel spec launches without the debugger."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return lean_spec(super().get_kernel_spec(kernel_name))

