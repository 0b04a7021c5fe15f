//! Whether Gong can capture a user's calls at all, from their Gong settings: a user it cannot is
//! "unmonitored", because their silence proves nothing (docs/product.md, "Activity and statuses").

/// The user settings that decide capture, as Gong's `UserSettings` names them; `None` where Gong
/// sent no value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaptureSettings {
    pub web_conferences_recorded: Option<bool>,
    pub prevent_web_conference_recording: Option<bool>,
    pub telephony_calls_imported: Option<bool>,
    pub non_recorded_meetings_imported: Option<bool>,
}

impl CaptureSettings {
    /// Web conferences not recorded (not set to record, or recording prevented) and neither
    /// telephony calls nor non-recorded meetings imported. A setting Gong left null counts as
    /// monitored: only a known "off" may excuse silence.
    pub fn unmonitored(&self) -> bool {
        let web_not_recorded = self.web_conferences_recorded == Some(false)
            || self.prevent_web_conference_recording == Some(true);
        web_not_recorded
            && self.telephony_calls_imported == Some(false)
            && self.non_recorded_meetings_imported == Some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(
        recorded: Option<bool>,
        prevented: Option<bool>,
        telephony: Option<bool>,
        meetings: Option<bool>,
    ) -> CaptureSettings {
        CaptureSettings {
            web_conferences_recorded: recorded,
            prevent_web_conference_recording: prevented,
            telephony_calls_imported: telephony,
            non_recorded_meetings_imported: meetings,
        }
    }

    #[test]
    fn a_user_is_unmonitored_exactly_when_web_conferences_telephony_and_meetings_are_all_uncaptured(
    ) {
        let values = [Some(true), Some(false), None];
        for recorded in values {
            for prevented in values {
                for telephony in values {
                    for meetings in values {
                        let web_off = recorded == Some(false) || prevented == Some(true);
                        let expected =
                            web_off && telephony == Some(false) && meetings == Some(false);
                        assert_eq!(
                            settings(recorded, prevented, telephony, meetings).unmonitored(),
                            expected,
                            "recorded {recorded:?}, prevented {prevented:?}, \
                             telephony {telephony:?}, meetings {meetings:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn recording_prevented_counts_as_not_recorded_even_when_set_to_record() {
        let s = settings(Some(true), Some(true), Some(false), Some(false));
        assert!(s.unmonitored());
    }

    #[test]
    fn importing_non_recorded_meetings_keeps_a_user_monitored() {
        let s = settings(Some(false), Some(false), Some(false), Some(true));
        assert!(!s.unmonitored());
    }

    #[test]
    fn importing_telephony_calls_keeps_a_user_monitored() {
        let s = settings(Some(false), Some(true), Some(true), Some(false));
        assert!(!s.unmonitored());
    }

    #[test]
    fn a_null_setting_counts_as_monitored() {
        assert!(!settings(None, None, Some(false), Some(false)).unmonitored());
        assert!(!settings(Some(false), None, None, Some(false)).unmonitored());
        assert!(!settings(Some(false), None, Some(false), None).unmonitored());
        assert!(settings(Some(false), None, Some(false), Some(false)).unmonitored());
        assert!(settings(None, Some(true), Some(false), Some(false)).unmonitored());
        assert!(!CaptureSettings::default().unmonitored());
    }
}
