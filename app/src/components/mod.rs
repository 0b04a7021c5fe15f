//! Building blocks shared by the pages.

pub mod charts;
pub mod empty_state;
pub mod error_view;
pub mod layout;
pub mod notify_health;
pub mod page;
pub mod seat_figures;
pub mod table_scroll;
