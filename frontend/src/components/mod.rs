//! Small reusable pieces, one folder each, shaped like thaw-ui's: a variant
//! enum where a component has variants, and the ARIA attributes it needs.

pub mod button;
pub mod fetched;
pub mod global_search;
pub mod guide_panel;
pub mod message_bar;
pub mod pane;
pub mod resource_menu;
pub mod settings_menu;
pub mod shell;
pub mod spinner;
pub mod tester_panel;
pub mod toast;
pub mod top_bar;
