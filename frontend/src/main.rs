//! Mounts the app; everything else lives in the library.

fn main() {
    console_error_panic_hook::set_once();
    // The page's own "Loading…", shown until now.
    if let Some(loading) = leptos::prelude::document().get_element_by_id("app-loading") {
        loading.remove();
    }
    leptos::mount::mount_to_body(frontend::App);
}
