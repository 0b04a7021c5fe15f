//! The seat CSV import (`email,seat_types,technical_admin`, as a Gong admin exports it): every row
//! is checked first, and only a file without a bad row replaces the imported assignments, in one
//! transaction, so nothing is ever half-imported.

use app::types::{SeatImportProblem, SeatType};
use chrono::{DateTime, Utc};

use super::{figures::SeatSet, store::Assignment};
use crate::db::Pool;

/// The header, in the simulator's export order; any order is accepted.
pub const COLUMNS: [&str; 3] = ["email", "seat_types", "technical_admin"];

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Problems with the file itself or its rows; line 1 is the header.
    #[error("{}", describe(.0))]
    Invalid(Vec<SeatImportProblem>),
    #[error("the import could not be saved: {0}")]
    Database(#[from] sqlx::Error),
}

/// The first few problems in one sentence, for a log line or a command's message.
fn describe(problems: &[SeatImportProblem]) -> String {
    const SHOWN: usize = 3;
    let mut text = problems
        .iter()
        .take(SHOWN)
        .map(|p| format!("line {}: {}", p.line, p.reason))
        .collect::<Vec<_>>()
        .join("; ");
    if problems.len() > SHOWN {
        text.push_str(&format!(" (and {} more)", problems.len() - SHOWN));
    }
    text
}

fn problem(line: usize, reason: impl Into<String>) -> SeatImportProblem {
    SeatImportProblem {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        reason: reason.into(),
    }
}

/// Splits one CSV line into fields, with RFC 4180 quotes (`"Gong;Forecast"`, `""` inside quotes).
fn fields(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => out.push(std::mem::take(&mut field)),
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    out.push(field);
    Ok(out)
}

fn parse_email(text: &str) -> Result<String, String> {
    let email = text.trim();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !email.contains(char::is_whitespace)
        }
        None => false,
    };
    if email.is_empty() {
        Err("the email is empty".into())
    } else if valid {
        Ok(email.to_owned())
    } else {
        Err(format!("{email:?} is not an email address"))
    }
}

/// Seat types separated by `;` (the simulator's export) or, inside quotes, by `,`; empty is a free
/// collaborator with no paid seat.
fn parse_seats(text: &str) -> Result<SeatSet, String> {
    text.split([';', ','])
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .try_fold(SeatSet::default(), |set, name| {
            SeatType::from_key(name)
                .map(|t| set.with(t))
                .ok_or_else(|| {
                    format!("unknown seat type {name:?} (expected Gong, Forecast or Engage)")
                })
        })
}

/// `true/false`, `yes/no`, `1/0`, any case; an empty cell is no.
fn parse_flag(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" | "" => Ok(false),
        other => Err(format!(
            "technical_admin is {other:?}; use true/false, yes/no or 1/0"
        )),
    }
}

/// Where each column sits in the header.
fn header(line: &str) -> Result<[usize; 3], String> {
    let names: Vec<String> = fields(line)?
        .iter()
        .map(|f| f.trim().to_ascii_lowercase())
        .collect();
    let mut positions = [0; 3];
    for (slot, column) in positions.iter_mut().zip(COLUMNS) {
        *slot = names.iter().position(|n| n == column).ok_or_else(|| {
            format!(
                "the header must name the columns {}; {column} is missing",
                COLUMNS.join(",")
            )
        })?;
    }
    Ok(positions)
}

/// Checks every row; returns all of them, or every problem found.
pub fn parse(text: &str) -> Result<Vec<Assignment>, Vec<SeatImportProblem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim().is_empty());
    let Some((header_line, header_text)) = lines.next() else {
        return Err(vec![problem(
            1,
            format!(
                "the file is empty; it needs the header {}",
                COLUMNS.join(",")
            ),
        )]);
    };
    let [email_at, seats_at, admin_at] =
        header(header_text).map_err(|reason| vec![problem(header_line, reason)])?;
    let width = email_at.max(seats_at).max(admin_at) + 1;
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (line, text) in lines {
        let row = fields(text).and_then(|cells| {
            if cells.len() < width {
                return Err(format!("expected {width} fields, found {}", cells.len()));
            }
            let email = parse_email(&cells[email_at])?;
            if let Some(first) = seen.insert(email.to_lowercase(), line) {
                return Err(format!("{email} is already on line {first}"));
            }
            Ok(Assignment {
                seats: parse_seats(&cells[seats_at])?,
                technical_admin: parse_flag(&cells[admin_at])?,
                email,
            })
        });
        match row {
            Ok(row) => rows.push(row),
            Err(reason) => problems.push(problem(line, reason)),
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(problem(
            header_line,
            "the file has a header but no rows; nothing was imported",
        ));
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// Validates the whole file, then replaces every imported assignment with its rows in one
/// transaction (a row for an email set by hand is overwritten: the file is the newer word).
/// Returns how many rows were imported.
pub async fn import(pool: &Pool, text: &str, now: DateTime<Utc>) -> Result<usize, ImportError> {
    let rows = parse(text).map_err(ImportError::Invalid)?;
    let mut tx = pool.begin().await?;
    replace_imported(&mut tx, &rows, now).await?;
    tx.commit().await?;
    Ok(rows.len())
}

/// Replaces every imported assignment with `rows`, inside the caller's transaction.
pub async fn replace_imported(
    conn: &mut crate::db::Tx,
    rows: &[Assignment],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    crate::db::query("DELETE FROM seat_assignments WHERE source = 'import'")
        .execute(&mut *conn)
        .await?;
    for row in rows {
        super::store::upsert_assignment(&mut *conn, row, "import", now).await?;
    }
    tracing::info!(rows = rows.len(), "seat assignments imported");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "email,seat_types,technical_admin\n\
        ana@acme.example,Gong;Forecast,false\n\
        bo@acme.example,gong,TRUE\n\
        cy@acme.example,,no\n\
        dee@acme.example,\"Engage, Gong\",1\n";

    fn reasons(text: &str) -> Vec<(u32, String)> {
        parse(text)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.line, p.reason))
            .collect()
    }

    #[test]
    fn a_good_file_gives_every_row_with_its_seats_and_admin_flag() {
        let rows = parse(GOOD).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].email, "ana@acme.example");
        assert_eq!(rows[0].seats, SeatSet::UNSET.with(SeatType::Forecast));
        assert!(!rows[0].technical_admin);
        assert_eq!(rows[1].seats, SeatSet::UNSET);
        assert!(rows[1].technical_admin);
        assert_eq!(rows[2].seats, SeatSet::default(), "a free collaborator");
        assert_eq!(rows[3].seats, SeatSet::UNSET.with(SeatType::Engage));
        assert!(rows[3].technical_admin);
    }

    #[test]
    fn windows_line_ends_a_byte_order_mark_blank_lines_and_any_column_order_are_accepted() {
        let text =
            "\u{feff}Technical_Admin,EMAIL,Seat_Types\r\n\r\nyes,ana@acme.example,Forecast\r\n";
        let rows = parse(text).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].seats, SeatSet::default().with(SeatType::Forecast));
        assert!(rows[0].technical_admin);
    }

    #[test]
    fn the_simulators_export_parses_whole() {
        let company = crate::simulator::Company::generate(
            3,
            crate::simulator::CompanySize {
                users: 40,
                months: 1,
                calls_per_rep_per_week: 1,
            },
            "2026-11-23T10:00:00Z".parse().unwrap(),
        );
        let rows = parse(&company.seats_csv()).unwrap();
        assert_eq!(rows.len(), 38, "every user but the two avatars");
        assert!(rows.iter().any(|r| r.technical_admin));
    }

    #[test]
    fn a_bad_row_is_reported_with_its_line_number_and_reason() {
        let text = "email,seat_types,technical_admin\n\
            ana@acme.example,Gong,false\n\
            bo@acme.example,Gong,maybe\n\
            not-an-email,Gong,false\n\
            cy@acme.example,Gong\n";
        assert_eq!(
            reasons(text),
            vec![
                (
                    3,
                    "technical_admin is \"maybe\"; use true/false, yes/no or 1/0".into()
                ),
                (4, "\"not-an-email\" is not an email address".into()),
                (5, "expected 3 fields, found 2".into()),
            ]
        );
    }

    #[test]
    fn an_unknown_seat_type_is_refused() {
        let text = "email,seat_types,technical_admin\nana@acme.example,Gong;Chorus,false\n";
        assert_eq!(
            reasons(text),
            vec![(
                2,
                "unknown seat type \"Chorus\" (expected Gong, Forecast or Engage)".into()
            )]
        );
    }

    #[test]
    fn a_duplicate_email_in_any_case_names_the_first_line() {
        let text = "email,seat_types,technical_admin\n\
            ana@acme.example,Gong,false\n\
            bo@acme.example,Gong,false\n\
            ANA@acme.example,Forecast,false\n";
        assert_eq!(
            reasons(text),
            vec![(4, "ANA@acme.example is already on line 2".into())]
        );
    }

    #[test]
    fn an_empty_file_or_a_header_alone_is_refused() {
        assert_eq!(reasons("")[0].0, 1);
        assert!(reasons("  \n\n")[0].1.starts_with("the file is empty"));
        assert_eq!(
            reasons("email,seat_types,technical_admin\n"),
            vec![(
                1,
                "the file has a header but no rows; nothing was imported".into()
            )]
        );
    }

    #[test]
    fn a_wrong_header_is_refused_on_line_one() {
        let problems = reasons("mail,seats,admin\nana@acme.example,Gong,false\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 1);
        assert!(problems[0].1.contains("email is missing"), "{problems:?}");
    }

    #[test]
    fn an_unclosed_quote_is_a_bad_row() {
        let text = "email,seat_types,technical_admin\nana@acme.example,\"Gong,false\n";
        assert_eq!(
            reasons(text),
            vec![(2, "a quoted field is not closed".into())]
        );
    }

    #[test]
    fn the_error_message_lists_the_first_problems() {
        let problems: Vec<_> = (2..=6).map(|line| problem(line, "bad")).collect();
        assert_eq!(
            ImportError::Invalid(problems).to_string(),
            "line 2: bad; line 3: bad; line 4: bad (and 2 more)"
        );
    }
}
