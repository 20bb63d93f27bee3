//! The browser entry point: hydrates the `#[island]` components of a server-rendered page.

// Linking the app crate is what puts its islands' hydration functions into the bundle.
#[allow(unused_imports)]
use atrium_app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    #[cfg(feature = "islands")]
    leptos::mount::hydrate_islands();
    // Full hydration exists only for the islands-versus-full-hydration benchmark.
    #[cfg(not(feature = "islands"))]
    leptos::mount::hydrate_body(atrium_app::App);
}
