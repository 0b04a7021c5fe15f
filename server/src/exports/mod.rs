//! Downloads of the seat summary and of the users table, as CSV and XLSX, with every text cell that
//! a spreadsheet would run as a formula neutralised (docs/product.md, "Pages").

pub mod seats;
pub mod sheet;
pub mod users;

pub use sheet::{Cell, Sheet};
