use mock_server::Config;
use tracing_subscriber::EnvFilter;

// Each request makes many small allocations on several threads (hyper, the
// handlers, the database thread); glibc's allocator spent a quarter of the
// time under load on them and on its arena locks (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let config = Config::from_env_and_args();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("MOCK_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    // The database has a thread of its own, busy whenever the server is:
    // the requests get the other cores (tokio's TOKIO_WORKER_THREADS wins).
    if std::env::var_os("TOKIO_WORKER_THREADS").is_none() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        runtime.worker_threads(cores.saturating_sub(1).max(1));
    }
    runtime
        .enable_all()
        .build()?
        .block_on(mock_server::serve(config))
}
