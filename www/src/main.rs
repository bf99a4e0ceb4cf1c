//! Entry point of the web app (built by Trunk from the root `index.html`).

fn main() {
    yew::Renderer::<suanpan_web::App>::new().render();
}
