use clap::Parser;
use mock_server::Config;
use tracing_subscriber::EnvFilter;

// Each request makes many small allocations on several threads (hyper, the
// handlers, the database thread); glibc's allocator spent a quarter of the
// time under load on them and on its arena locks (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("MOCK_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    mock_server::serve(Config::parse()).await
}
