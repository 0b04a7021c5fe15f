//! The dashboard's charts: each a pure function from plain data to an SVG string, drawn with
//! plotters on the server, with a title, axis labels and a text alternative in words.

mod bars;
mod frame;
pub mod hosted_per_week;
pub mod last_active;
pub mod user_activity;
pub mod utilisation;

pub use frame::thousands;
pub use hosted_per_week::WeekCount;
pub use last_active::LastActiveHistogram;
pub use user_activity::WindowActivity;
pub use utilisation::{UtilisationPoint, UtilisationTrend};

/// Whose users a chart counts: the whole company's, or a manager's team's alone (their subtree),
/// so that its words say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Whose {
    #[default]
    Company,
    Team,
}

impl Whose {
    /// "the whole company" or "your team", as the charts' words put it.
    pub fn words(self) -> &'static str {
        match self {
            Whose::Company => "the whole company",
            Whose::Team => "your team",
        }
    }
}

/// Checks shared by every chart's tests: the SVG is well-formed XML with its text alternative.
#[cfg(test)]
pub(crate) mod check {
    /// Parses `svg` and checks the root's role and that `aria-labelledby` names its `<title>` and
    /// `<desc>`; returns their texts.
    pub fn accessible(svg: &str) -> (String, String) {
        let doc = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.attribute("viewBox").is_some());
        let ids: Vec<&str> = root
            .attribute("aria-labelledby")
            .expect("aria-labelledby")
            .split(' ')
            .collect();
        let text_of = |tag: &str| {
            let node = root
                .children()
                .find(|n| n.has_tag_name(tag))
                .unwrap_or_else(|| panic!("a <{tag}> child"));
            assert!(
                ids.contains(&node.attribute("id").expect("an id")),
                "aria-labelledby names the <{tag}>"
            );
            node.text().unwrap_or_default().to_owned()
        };
        (text_of("title"), text_of("desc"))
    }

    /// Every `<text>` drawn in the picture, trimmed.
    pub fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).expect("well-formed");
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or_default().trim().to_owned())
            .collect()
    }

    /// How many `tag` elements are filled (or stroked) with `colour` (`#RRGGBB`).
    pub fn count(svg: &str, tag: &str, colour: &str) -> usize {
        let doc = roxmltree::Document::parse(svg).expect("well-formed");
        doc.descendants()
            .filter(|n| n.has_tag_name(tag))
            .filter(|n| {
                n.attribute("fill") == Some(colour) || n.attribute("stroke") == Some(colour)
            })
            .count()
    }
}
