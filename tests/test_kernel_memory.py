"""The kernels `tpi serve` starts leave ipykernel's debugger out (lean_kernel.py): about
7 MiB of every participant kernel (benchmarks/bench_kernel_memory.py measures it in Chromium)."""

from __future__ import annotations

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import KernelManager

from tpi_widgets.config import ServeConfig
from tpi_widgets.server.app import ServeOptions, voila_config
from tpi_widgets.server.lean_kernel import LEAN_LAUNCHER, LeanKernelSpecs, lean_argv, lean_spec

IPYKERNEL = ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]


def test_ipykernels_launch_command_keeps_its_python_and_arguments_and_loses_the_debugger():
    argv = lean_argv(IPYKERNEL + ["--HistoryManager.hist_file=:memory:"])
    assert argv == ["python", *LEAN_LAUNCHER, "-f", "{connection_file}", "--HistoryManager.hist_file=:memory:"]
    assert "sys.modules['debugpy'] = None" in argv[2]
    assert "ipykernel" in " ".join(argv)  # where the tests and benchmarks look for kernels


def test_any_other_kernels_command_is_left_as_it_is():
    other = ["/opt/julia/bin/julia", "-i", "kernel.jl", "{connection_file}"]
    assert lean_argv(other) == other
    spec = lean_spec(KernelSpec(argv=other, display_name="Julia", metadata={"debugger": True}))
    assert spec.argv == other and spec.metadata == {"debugger": True}


def test_the_spec_says_it_has_no_debugger():
    spec = lean_spec(KernelSpec(argv=IPYKERNEL, display_name="Python 3",
                                metadata={"debugger": True, "supported_encryption": ["curve"]}))
    assert spec.argv[1:3] == LEAN_LAUNCHER
    assert spec.metadata == {"debugger": False, "supported_encryption": ["curve"]}


def test_tpi_serve_starts_its_kernels_from_the_lean_specs(workspace):
    config = voila_config(workspace, ServeOptions(ServeConfig(port=8866), "127.0.0.1"))
    assert config.VoilaConfiguration.kernel_spec_manager_class is LeanKernelSpecs
    assert LeanKernelSpecs().get_kernel_spec("python3").argv[1:3] == LEAN_LAUNCHER


def test_a_lean_kernel_runs_code_without_debugpy_loaded():
    manager = KernelManager(kernel_name="python3", kernel_spec_manager=LeanKernelSpecs())
    manager.start_kernel()
    outputs: list[dict] = []
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        assert "debugger" not in client.kernel_info(reply=True, timeout=30)["content"]["supported_features"]
        reply = client.execute_interactive(
            "import sys\nprint(sorted(m for m, module in sys.modules.items()\n"
            "             if m.startswith(('debugpy', 'pydevd', '_pydev')) and module is not None))",
            timeout=30, output_hook=outputs.append)
        assert reply["content"]["status"] == "ok"
        printed = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
        assert printed.strip() == "[]"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)

