//! The synthetic company, deterministic from a seed and a size: an org chart from a CRO down to
//! reps, with new hires, leavers, listeners, coaching managers, never-active and deactivated users,
//! avatars and Technical Administrators, and their calls and per-day activity.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// How big the company is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompanySize {
    pub users: u32,
    pub months: u32,
    pub calls_per_rep_per_week: u32,
}

/// Who a user is, which decides their activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persona {
    Executive,
    Manager,
    Rep,
    /// Hosts no calls; only listens to recordings.
    Listener,
    /// Left the company months ago but is still active in Gong.
    Leaver,
    /// Created inside the look-back, never did anything.
    NeverActive,
    /// Recording and call import are off.
    Unrecorded,
    Avatar,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub title: String,
    pub manager: Option<u32>,
    pub created: DateTime<Utc>,
    pub active: bool,
    pub persona: Persona,
    pub technical_admin: bool,
    pub seats: &'static str,
    pub scim_id: String,
    pub phone: Option<String>,
}

/// A call, compactly: 5 million of them must fit in memory.
#[derive(Debug, Clone, Copy)]
pub struct Call {
    pub id: u64,
    pub start: i64,
    pub duration: u32,
    pub host: u32,
    /// Internal attendees besides the host; `u32::MAX` is none.
    pub attendees: [u32; 2],
    /// The offset the timestamp is written with, in hours; some with milliseconds.
    pub offset_hours: i8,
    pub millis: u16,
}

impl Call {
    /// When the call started, in milliseconds since the epoch.
    pub fn started_ms(&self) -> i64 {
        self.start * 1_000 + i64::from(self.millis)
    }
}

/// A listen or a coaching action on a call, by a user, on a day.
#[derive(Debug, Clone, Copy)]
pub struct Action {
    pub user: u32,
    pub at: i64,
    pub call: u32,
    pub coaching: bool,
}

pub struct Company {
    pub users: Vec<User>,
    /// Sorted by start.
    pub calls: Vec<Call>,
    /// Sorted by time.
    pub actions: Vec<Action>,
    pub reference_now: DateTime<Utc>,
    pub workspace_id: String,
}

const FIRST: [&str; 24] = [
    "Ana", "Zoë", "Jürgen", "Łukasz", "Søren", "José", "Amélie", "Chloé", "Björn", "Noah", "Mia",
    "Liam", "Olivia", "Ethan", "Ava", "Mateo", "Aïcha", "Hiroshi", "Priya", "Kwame", "Elif",
    "Dmitrij", "Siobhán", "Ngozi",
];
const LAST: [&str; 20] = [
    "Müller",
    "Ångström",
    "García",
    "Nowak",
    "O'Brien",
    "Smith",
    "Dubois",
    "Rossi",
    "Kowalski",
    "Johnson",
    "Nakamura",
    "Okafor",
    "Yılmaz",
    "Petrov",
    "Brown",
    "Silva",
    "Larsen",
    "Novák",
    "Fernández",
    "Lee",
];

impl Company {
    /// Generates the company as it stands at `reference_now`.
    pub fn generate(seed: u64, size: CompanySize, reference_now: DateTime<Utc>) -> Company {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let n = size.users.max(10);
        let history_start = reference_now - Duration::days(i64::from(size.months.max(1)) * 30);
        let vps = (n / 200).max(2);
        let managers = (n / 10).max(3);
        let mut users = Vec::with_capacity(n as usize);
        for i in 0..n {
            let (persona, manager, title) = if i == 0 {
                (Persona::Executive, None, "Chief Revenue Officer")
            } else if i <= vps {
                (Persona::Executive, Some(0), "VP Sales")
            } else if i <= vps + managers {
                (Persona::Manager, Some(1 + (i % vps)), "Sales Manager")
            } else {
                let manager = Some(vps + 1 + (i % managers));
                let roll = rng.random_range(0..100);
                match roll {
                    0..=3 => (Persona::Listener, manager, "Sales Engineer"),
                    4..=7 => (Persona::Leaver, manager, "Account Executive"),
                    8..=9 => (Persona::NeverActive, manager, "Account Executive"),
                    10..=11 => (Persona::Unrecorded, manager, "Customer Success Manager"),
                    _ => (Persona::Rep, manager, "Account Executive"),
                }
            };
            let first = FIRST[rng.random_range(0..FIRST.len())];
            let last = LAST[rng.random_range(0..LAST.len())];
            let created = match persona {
                Persona::NeverActive => reference_now - Duration::days(rng.random_range(60..300)),
                _ if i > 10 && rng.random_range(0..100) < 3 => {
                    // New hires inside the 30-day grace period.
                    reference_now - Duration::days(rng.random_range(1..28))
                }
                _ => history_start - Duration::days(rng.random_range(0..400)),
            };
            // Ids are numeric strings, many above 2^53 (docs/gong-api.md).
            let id = if i % 3 == 0 {
                format!(
                    "{}",
                    1_000_000_000_000_000 + u64::from(i) * 7_919 + seed % 1000
                )
            } else {
                format!(
                    "{}",
                    7_000_000_000_000_000_000 + u64::from(i) * 104_729 + seed % 1000
                )
            };
            let active = !(i > vps && rng.random_range(0..100) < 5);
            users.push(User {
                scim_id: format!(
                    "scim-{:08x}",
                    (u64::from(i) * 2_654_435_761 + seed) & 0xffff_ffff
                ),
                email: format!("{}.{}{}@acme-sales.example", ascii(first), ascii(last), i),
                first_name: first.to_owned(),
                last_name: last.to_owned(),
                title: title.to_owned(),
                id,
                manager,
                created,
                active,
                persona,
                technical_admin: false,
                // Listeners hold the paid Gong seat they barely use (the downgrade candidates);
                // a few already sit on a free collaborator seat.
                seats: if persona == Persona::Listener && i % 5 == 0 {
                    ""
                } else if i % 7 == 0 {
                    "Gong;Forecast"
                } else {
                    "Gong"
                },
                phone: Some(format!("+1-555-{:04}", i % 10_000)),
            });
        }
        // A few managers point at a deactivated manager; a few Technical Administrators; one
        // name that is markup; three avatars.
        users[1].active = false;
        for admin in [2usize, 3, (n as usize) / 2] {
            users[admin].technical_admin = true;
        }
        let script = (n as usize) - 3;
        users[script].first_name = "<script>alert(\"seat\")</script>".into();
        for avatar in users.iter_mut().skip(n as usize - 2) {
            avatar.persona = Persona::Avatar;
            avatar.title = "Gong Support".into();
        }

        let mut calls = Vec::new();
        let mut actions = Vec::new();
        let leaver_stop: Vec<i64> = users
            .iter()
            .map(|_| (reference_now - Duration::days(rng.random_range(120..330))).timestamp())
            .collect();
        let weeks = i64::from(size.months) * 30 / 7 + 1;
        let first_monday = monday_on_or_before(history_start);
        for (index, user) in users.iter().enumerate() {
            let hosts = matches!(
                user.persona,
                Persona::Rep | Persona::Leaver | Persona::Manager | Persona::Executive
            );
            if !hosts || !user.active && user.persona != Persona::Leaver {
                continue;
            }
            let per_week = match user.persona {
                Persona::Manager | Persona::Executive => (size.calls_per_rep_per_week / 3).max(1),
                _ => size.calls_per_rep_per_week,
            };
            let begin = user.created.timestamp().max(history_start.timestamp());
            let end = match user.persona {
                Persona::Leaver => leaver_stop[index],
                _ if !user.active => leaver_stop[index],
                _ => reference_now.timestamp(),
            };
            for week in 0..weeks {
                let monday = first_monday + Duration::weeks(week);
                for _ in 0..per_week {
                    let start = monday
                        + Duration::days(rng.random_range(0..5))
                        + Duration::minutes(rng.random_range(13 * 60..23 * 60));
                    let start = start.timestamp();
                    if start < begin || start >= end {
                        continue;
                    }
                    let teammate = |rng: &mut ChaCha8Rng| {
                        if rng.random_range(0..3) == 0 {
                            rng.random_range(1..n)
                        } else {
                            u32::MAX
                        }
                    };
                    calls.push(Call {
                        id: 0,
                        start,
                        duration: rng.random_range(300..3600),
                        host: index as u32,
                        attendees: [teammate(&mut rng), teammate(&mut rng)],
                        offset_hours: [0i8, -8, -5, 1, 2, 5][rng.random_range(0..6)],
                        millis: if rng.random_range(0..4) == 0 {
                            rng.random_range(1..1000)
                        } else {
                            0
                        },
                    });
                }
            }
        }
        // Calls exactly on the 90-day window boundaries counted back from the reference "now".
        let hosts: Vec<u32> = users
            .iter()
            .enumerate()
            .filter(|(_, u)| u.active && u.persona == Persona::Rep)
            .map(|(i, _)| i as u32)
            .take(4)
            .collect();
        for (k, host) in hosts.iter().enumerate() {
            let at = reference_now - Duration::days(90 * (k as i64 + 1));
            if at > history_start {
                calls.push(Call {
                    id: 0,
                    start: at.timestamp(),
                    duration: 900,
                    host: *host,
                    attendees: [u32::MAX; 2],
                    offset_hours: 0,
                    millis: 0,
                });
            }
        }
        calls.sort_by_key(|c| (c.start, c.host));
        for (i, call) in calls.iter_mut().enumerate() {
            call.id = 5_000_000_000_000_000_000 + (i as u64) * 7 + seed % 7;
            // Attendees must be real, active, non-avatar users other than the host.
            for slot in call.attendees.iter_mut() {
                if *slot != u32::MAX {
                    let u = &users[*slot as usize];
                    if *slot == call.host
                        || u.persona == Persona::Avatar
                        || !u.active
                        || u.persona == Persona::NeverActive
                        || u.persona == Persona::Listener
                        || u.persona == Persona::Leaver
                        || u.persona == Persona::Unrecorded
                        || u.created.timestamp() > call.start
                    {
                        *slot = u32::MAX;
                    }
                }
            }
        }
        // Listeners listen to recordings; managers coach their team's calls.
        if !calls.is_empty() {
            for (index, user) in users.iter().enumerate() {
                let (kind_coaching, per_month) = match user.persona {
                    Persona::Listener => (false, 6),
                    Persona::Manager => (true, 4),
                    _ => continue,
                };
                if !user.active {
                    continue;
                }
                let begin = user.created.timestamp().max(history_start.timestamp());
                for _ in 0..(per_month * size.months) {
                    let at = rng.random_range(begin..reference_now.timestamp().max(begin + 1));
                    let call = rng.random_range(0..calls.len()) as u32;
                    actions.push(Action {
                        user: index as u32,
                        at,
                        call,
                        coaching: kind_coaching,
                    });
                }
            }
        }
        actions.sort_by_key(|a| (a.at, a.user));
        Company {
            users,
            calls,
            actions,
            reference_now,
            workspace_id: format!("{}", 6_543_210_987_654_321_000 + seed % 1000),
        }
    }

    /// The seat assignment CSV a Gong admin would export: email, seat types, Technical Administrator.
    pub fn seats_csv(&self) -> String {
        let mut out = String::from("email,seat_types,technical_admin\n");
        for user in self.users.iter().filter(|u| u.persona != Persona::Avatar) {
            out.push_str(&format!(
                "{},{},{}\n",
                user.email, user.seats, user.technical_admin
            ));
        }
        out
    }
}

fn ascii(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'a'..='z' | 'A'..='Z' => Some(c.to_ascii_lowercase()),
            'ä' | 'å' | 'á' | 'à' => Some('a'),
            'ö' | 'ø' | 'ó' => Some('o'),
            'ü' | 'ú' => Some('u'),
            'é' | 'è' | 'ë' | 'É' => Some('e'),
            'ï' | 'í' | 'ı' => Some('i'),
            'ł' | 'Ł' => Some('l'),
            'Å' => Some('a'),
            _ => None,
        })
        .collect()
}

fn monday_on_or_before(t: DateTime<Utc>) -> DateTime<Utc> {
    let day = t.date_naive();
    let back = i64::from(day.weekday().num_days_from_monday());
    let monday: NaiveDate = day - Duration::days(back);
    debug_assert_eq!(monday.weekday(), Weekday::Mon);
    Utc.from_utc_datetime(&monday.and_hms_opt(0, 0, 0).expect("midnight"))
}
