//! The browser entry point: hydrates the `#[island]` components of a server-rendered page.

// Linking the app makes its islands known to the hydration runtime.
#[allow(unused_imports)]
use atrium_app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
