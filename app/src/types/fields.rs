//! Numbers that arrive in forms and query strings as text, read so that a bad one is refused with a
//! sentence naming its field (docs/product.md, "Bad input") instead of failing to decode.

use serde::{de, Deserializer};
use std::fmt;

/// A whole number read from text (or a number); `name` is the field as the page labels it.
struct Whole {
    name: &'static str,
}

impl de::Visitor<'_> for Whole {
    type Value = i128;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}: a whole number", self.name)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i128, E> {
        Ok(i128::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i128, E> {
        Ok(i128::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i128, E> {
        let text = v.trim();
        if text.is_empty() {
            return Ok(0);
        }
        text.parse::<i128>()
            .map_err(|_| E::custom(format!("{}: “{text}” is not a whole number", self.name)))
    }
}

/// The page of a paged list: 1 or more (0 or empty means the first); anything else is refused.
pub fn page<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let value = deserializer.deserialize_any(Whole { name: "Page" })?;
    u32::try_from(value).map_err(|_| {
        de::Error::custom(format!(
            "Page: {value} is not a page number (1 to {})",
            u32::MAX
        ))
    })
}

/// An account's id as a form sends it.
pub fn account_id(text: &str) -> Result<i64, String> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| format!("Account: “{}” is not an account id", text.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Paged {
        #[serde(default, deserialize_with = "page")]
        page: u32,
    }

    fn read(json: &str) -> Result<u32, String> {
        serde_json::from_str::<Paged>(json)
            .map(|p| p.page)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_page_is_read_from_text_or_a_number_and_a_bad_one_is_named() {
        assert_eq!(read(r#"{"page":"3"}"#), Ok(3));
        assert_eq!(read(r#"{"page":4}"#), Ok(4));
        assert_eq!(read(r#"{"page":""}"#), Ok(0));
        assert_eq!(read("{}"), Ok(0));
        assert!(read(r#"{"page":"-1"}"#)
            .unwrap_err()
            .starts_with("Page: -1 is not"));
        assert!(read(r#"{"page":"two"}"#)
            .unwrap_err()
            .starts_with("Page: “two”"));
        assert!(read(r#"{"page":99999999999}"#)
            .unwrap_err()
            .starts_with("Page: "));
    }

    #[test]
    fn an_account_id_is_a_positive_whole_number() {
        assert_eq!(account_id(" 7 "), Ok(7));
        assert!(account_id("first")
            .unwrap_err()
            .starts_with("Account: “first”"));
        assert!(account_id("-3").is_err());
    }
}
