//! Seats and money (docs/product.md, "Seats and money"): who holds which seat type, what was bought and
//! at what price, the contract, and the figures the Finance and Overview pages show.

pub mod figures;
pub mod held;
pub mod import;
pub mod store;
pub mod summary;

pub use figures::{Holder, SeatSet, SeatTypeSetting};
pub use import::ImportError;
pub use store::Assignment;
