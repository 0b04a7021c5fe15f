//! A table of typed cells and its two file formats. Text cells pass through the report export's
//! `neutralise`, so a name starting with `=`, `+`, `-`, `@`, a tab or a CR is text in both formats.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::report::export::{neutralise, quote};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Integer(i64),
    /// An amount in cents, written in whole currency units with two decimals.
    Money(i64),
    /// A percentage, e.g. `91.5` for 91.5 %.
    Percent(f64),
    Empty,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    pub fn optional_text(text: Option<impl Into<String>>) -> Cell {
        text.map_or(Cell::Empty, |t| Cell::Text(t.into()))
    }

    pub fn optional_integer(n: Option<i64>) -> Cell {
        n.map_or(Cell::Empty, Cell::Integer)
    }
}

/// A header row and the rows under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// The worksheet's name in the XLSX file (at most 31 characters).
    pub name: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", (cents / 100).abs(), (cents % 100).abs())
}

/// RFC 4180 CSV with CRLF line ends; numbers unquoted, text neutralised and quoted where needed.
pub fn to_csv(sheet: &Sheet) -> String {
    let mut out = String::new();
    let mut line = |cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(sheet.header.iter().map(|h| quote(&neutralise(h))).collect());
    for row in &sheet.rows {
        line(
            row.iter()
                .map(|cell| match cell {
                    Cell::Text(text) => quote(&neutralise(text)),
                    Cell::Integer(n) => n.to_string(),
                    Cell::Money(cents) => money(*cents),
                    Cell::Percent(pct) => format!("{pct:.1}"),
                    Cell::Empty => String::new(),
                })
                .collect(),
        );
    }
    out
}

/// One worksheet with a bold, frozen header row; text is written as text, never as a formula.
pub fn to_xlsx(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let money_format = Format::new().set_num_format("#,##0.00");
    let percent_format = Format::new().set_num_format("0.0");
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet.name)?;
    for (col, title) in sheet.header.iter().enumerate() {
        worksheet.write_string_with_format(0, col as u16, neutralise(title), &bold)?;
    }
    for (index, row) in sheet.rows.iter().enumerate() {
        let r = index as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            match cell {
                Cell::Text(text) => {
                    worksheet.write_string(r, c, neutralise(text))?;
                }
                Cell::Integer(n) => {
                    worksheet.write_number(r, c, *n as f64)?;
                }
                Cell::Money(cents) => {
                    worksheet.write_number_with_format(
                        r,
                        c,
                        *cents as f64 / 100.0,
                        &money_format,
                    )?;
                }
                Cell::Percent(pct) => {
                    worksheet.write_number_with_format(r, c, *pct, &percent_format)?;
                }
                Cell::Empty => {}
            }
        }
    }
    worksheet.set_freeze_panes(1, 0)?;
    // Measuring the first rows is enough and keeps a 50,000-row export fast.
    worksheet
        .set_autofit_max_row(200)
        .set_autofit_max_width(300)
        .autofit();
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            name: "Users",
            header: vec!["Name".into(), "Calls".into(), "Cost".into(), "Use".into()],
            rows: vec![
                vec![
                    Cell::text("=HYPERLINK(\"x\"), Zoë"),
                    Cell::Integer(3),
                    Cell::Money(160_050),
                    Cell::Percent(91.26),
                ],
                vec![
                    Cell::text("@SUM(A1)"),
                    Cell::Empty,
                    Cell::Money(-5),
                    Cell::Empty,
                ],
            ],
        }
    }

    #[test]
    fn csv_neutralises_and_quotes_text_and_writes_numbers_plainly() {
        let csv = to_csv(&sheet());
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "Name,Calls,Cost,Use");
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"x\"\"), Zoë\",3,1600.50,91.3");
        assert_eq!(lines[2], "'@SUM(A1),,-0.05,");
        assert_eq!(lines[3], "");
    }

    /// Every start a spreadsheet may read as a formula, the tab and carriage return included.
    const FORMULA_STARTS: [&str; 6] = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1"];

    fn formula_starts() -> Sheet {
        Sheet {
            name: "Cells",
            header: vec!["Text".into()],
            rows: FORMULA_STARTS
                .iter()
                .map(|t| vec![Cell::text(*t)])
                .collect(),
        }
    }

    #[test]
    fn a_cell_starting_with_a_formula_character_a_tab_or_a_carriage_return_is_escaped_in_csv() {
        let csv = to_csv(&formula_starts());
        for text in FORMULA_STARTS {
            assert!(
                csv.contains(&format!("'{text}")),
                "{text:?} is not escaped in {csv:?}"
            );
        }
    }

    #[test]
    fn a_cell_starting_with_a_formula_character_a_tab_or_a_carriage_return_is_escaped_in_xlsx() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = to_xlsx(&formula_starts()).unwrap();
        let mut workbook: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = workbook.worksheet_range("Cells").unwrap();
        for (row, text) in FORMULA_STARTS.iter().enumerate() {
            assert_eq!(
                range.get((row + 1, 0)),
                Some(&Data::String(format!("'{text}"))),
                "{text:?}"
            );
        }
    }

    #[test]
    fn xlsx_reads_back_with_text_as_text_numbers_as_numbers_and_no_formula() {
        use calamine::{Data, Reader, Xlsx};
        let bytes = to_xlsx(&sheet()).unwrap();
        let mut workbook: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = workbook.worksheet_range("Users").unwrap();
        assert_eq!(range.get((0, 0)), Some(&Data::String("Name".into())));
        assert_eq!(
            range.get((1, 0)),
            Some(&Data::String("'=HYPERLINK(\"x\"), Zoë".into()))
        );
        assert_eq!(range.get((1, 1)), Some(&Data::Float(3.0)));
        assert_eq!(range.get((1, 2)), Some(&Data::Float(1600.5)));
        assert_eq!(range.get((2, 0)), Some(&Data::String("'@SUM(A1)".into())));
        let formulas = workbook.worksheet_formula("Users").unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no cell is a formula"
        );
    }
}
