//! Entry point of the checker's web worker (built by Trunk from the root `index.html`,
//! `data-type="worker"`): see `suanpan_web::services::worker`.

#[cfg(target_arch = "wasm32")]
fn main() {
    suanpan_web::services::worker::serve();
}

/// Off the browser there is no worker.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
