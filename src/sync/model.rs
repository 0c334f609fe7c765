//! Clerk's side of the simulation: users as Clerk stores them, the events that change them
//! (each with its time and who did it), and the webhook messages those events produce.
//! Applying events to a [`Truth`] gives Clerk's current state, the reference every
//! strategy's table is compared with.

use std::collections::BTreeMap;

/// Seconds since the start of a scenario (the clock reads « J1 09:00:00 » at 0).
pub type Time = i64;

/// Unix seconds of the scenario's time 0 (Monday 2 March 2026, 09:00:00 UTC): only used
/// for `updated_at` and `svix-timestamp`, so that payloads look real.
pub const EPOCH: i64 = 1_772_442_000;

/// `J2 14:30:05`: the scenario clock, day 1 starting at 09:00.
pub fn clock(at: Time) -> String {
    let total = at.max(0) + 9 * 3600;
    let (day, rest) = (total / 86_400 + 1, total % 86_400);
    format!(
        "J{day} {:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Who made a change: it matters to the upsert-at-login strategy, which only sees what
/// happens while the user is in the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    User,
    /// An administrator, in the Clerk Dashboard.
    Admin,
}

/// One user as Clerk holds it (the fields the course's `User` model keeps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkUser {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// `(idn_…, address)` in Clerk's order: a new address is appended.
    pub emails: Vec<(String, String)>,
    pub primary_email_id: Option<String>,
    /// Milliseconds, as in the payload's `updated_at`.
    pub updated_at: i64,
}

impl ClerkUser {
    /// The primary address, found through `primary_email_address_id` (module 3).
    pub fn primary_email(&self) -> Option<&str> {
        let primary = self.primary_email_id.as_deref()?;
        self.emails
            .iter()
            .find(|(id, _)| id == primary)
            .map(|(_, address)| address.as_str())
    }

    /// `email_addresses[0]`: what the naive handler takes for the primary address.
    pub fn first_email(&self) -> Option<&str> {
        self.emails.first().map(|(_, address)| address.as_str())
    }

    /// The row a correct handler stores for this user.
    pub fn row(&self) -> Row {
        Row {
            clerk_id: self.id.clone(),
            email: self.primary_email().map(str::to_owned),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
        }
    }
}

/// One row of a strategy's `User` table (and of the truth), in the course's columns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Row {
    pub clerk_id: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

impl Row {
    /// The cells in display order: clerkId, email, firstName, lastName.
    pub fn cells(&self) -> [String; 4] {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "null".to_owned());
        [
            self.clerk_id.clone(),
            show(&self.email),
            show(&self.first_name),
            show(&self.last_name),
        ]
    }
}

/// The column titles matching [`Row::cells`].
pub const COLUMNS: [&str; 4] = ["clerkId", "email", "firstName", "lastName"];

/// What happens on Clerk's side at one moment of a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The user signs up in the application (and is signed in).
    SignUp {
        user: &'static str,
        first: &'static str,
        last: &'static str,
        email: &'static str,
    },
    /// An administrator creates the account in the Dashboard.
    AdminCreate {
        user: &'static str,
        first: &'static str,
        last: &'static str,
        email: &'static str,
    },
    /// A profile edit (names), by the user in the application or by an administrator.
    Edit {
        user: &'static str,
        by: Actor,
        first: &'static str,
        last: &'static str,
    },
    /// A new address added and made primary.
    EmailChange {
        user: &'static str,
        by: Actor,
        email: &'static str,
    },
    Delete {
        user: &'static str,
        by: Actor,
    },
    /// The user signs in again (no webhook: only the upsert at login sees it).
    SignIn {
        user: &'static str,
    },
    /// A second application subscribes its own endpoint to the same events; its
    /// endpoint is unreachable during `down` (start, end).
    SecondApp {
        down: Option<(Time, Time)>,
    },
    /// « Send Example » from the endpoint's Testing tab: a `user.deleted` for a user that
    /// does not exist.
    SendExample,
}

/// One moment of the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkEvent {
    pub at: Time,
    pub change: Change,
}

impl ClerkEvent {
    /// A French description for the timeline.
    pub fn describe(&self) -> String {
        let by = |a: &Actor| match a {
            Actor::User => "l’utilisateur",
            Actor::Admin => "un administrateur (Dashboard)",
        };
        match &self.change {
            Change::SignUp { user, email, .. } => format!("inscription de {user} ({email})"),
            Change::AdminCreate { user, email, .. } => {
                format!("un administrateur crée {user} ({email}) dans le Dashboard")
            }
            Change::Edit {
                user,
                by: actor,
                first,
                last,
            } => format!(
                "profil de {user} modifié par {} : {first} {last}",
                by(actor)
            ),
            Change::EmailChange {
                user,
                by: actor,
                email,
            } => format!(
                "{user} : nouvelle adresse principale {email}, par {}",
                by(actor)
            ),
            Change::Delete { user, by: actor } => {
                format!("compte de {user} supprimé par {}", by(actor))
            }
            Change::SignIn { user } => format!("{user} se reconnecte"),
            Change::SecondApp {
                down: Some((from, to)),
            } => format!(
                "une 2e application (B) abonne son endpoint, injoignable de {} à {}",
                clock(*from),
                clock(*to)
            ),
            Change::SecondApp { down: None } => {
                "une 2e application (B) abonne son endpoint".to_owned()
            }
            Change::SendExample => {
                "« Send Example » (onglet Testing) : user.deleted d’un utilisateur fictif"
                    .to_owned()
            }
        }
    }
}

/// The webhook event types the simulation sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    Created,
    Updated,
    Deleted,
}

impl EventType {
    pub fn name(self) -> &'static str {
        match self {
            Self::Created => "user.created",
            Self::Updated => "user.updated",
            Self::Deleted => "user.deleted",
        }
    }
}

/// One Svix message: the same `svix-id` and body for every attempt and every endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub msg_id: String,
    pub kind: EventType,
    pub user_id: String,
    /// The user as the event saw it; `None` for `user.deleted`.
    pub user: Option<ClerkUser>,
    /// When Clerk emitted it.
    pub at: Time,
    /// Index of the timeline event that produced it.
    pub event: usize,
}

impl Message {
    /// The body Clerk would send (the fields the handlers read), compact as on the wire.
    pub fn body(&self) -> String {
        self.json().to_string()
    }

    /// The same body, indented for the inspector.
    pub fn body_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.json()).unwrap_or_else(|_| self.body())
    }

    fn json(&self) -> serde_json::Value {
        let data = match &self.user {
            Some(u) => serde_json::json!({
                "id": u.id,
                "object": "user",
                "first_name": u.first_name,
                "last_name": u.last_name,
                "email_addresses": u.emails.iter().map(|(id, address)| serde_json::json!({
                    "id": id, "object": "email_address", "email_address": address,
                })).collect::<Vec<_>>(),
                "primary_email_address_id": u.primary_email_id,
                "updated_at": u.updated_at,
            }),
            None => serde_json::json!({ "id": self.user_id, "object": "user", "deleted": true }),
        };
        serde_json::json!({
            "data": data,
            "object": "event",
            "type": self.kind.name(),
            "timestamp": (EPOCH + self.at) * 1000,
        })
    }
}

/// The id of the example user of « Send Example » (Clerk's documentation sample).
pub const EXAMPLE_USER: &str = "user_29w83sxmDNGwOuEthce5gg56FcC";

/// Clerk's current users, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Truth {
    pub users: BTreeMap<String, ClerkUser>,
    /// Addresses created so far, to number `idn_…` ids.
    addresses: usize,
}

impl Truth {
    /// The rows a perfectly synchronised table holds.
    pub fn rows(&self) -> Vec<Row> {
        self.users.values().map(ClerkUser::row).collect()
    }

    /// Applies one change at `at`; returns the webhook it makes Clerk send, if any.
    pub fn apply(
        &mut self,
        change: &Change,
        at: Time,
    ) -> Option<(EventType, String, Option<ClerkUser>)> {
        let ms = (EPOCH + at) * 1000;
        match change {
            Change::SignUp {
                user,
                first,
                last,
                email,
            }
            | Change::AdminCreate {
                user,
                first,
                last,
                email,
            } => {
                let id = user_id(user);
                let address = self.next_address();
                let u = ClerkUser {
                    id: id.clone(),
                    first_name: Some((*first).to_owned()),
                    last_name: Some((*last).to_owned()),
                    emails: vec![(address.clone(), (*email).to_owned())],
                    primary_email_id: Some(address),
                    updated_at: ms,
                };
                self.users.insert(id.clone(), u.clone());
                Some((EventType::Created, id, Some(u)))
            }
            Change::Edit {
                user, first, last, ..
            } => {
                let id = user_id(user);
                let u = self.users.get_mut(&id)?;
                u.first_name = Some((*first).to_owned());
                u.last_name = Some((*last).to_owned());
                u.updated_at = ms;
                Some((EventType::Updated, id, Some(u.clone())))
            }
            Change::EmailChange { user, email, .. } => {
                let id = user_id(user);
                let address = self.next_address();
                let u = self.users.get_mut(&id)?;
                u.emails.push((address.clone(), (*email).to_owned()));
                u.primary_email_id = Some(address);
                u.updated_at = ms;
                Some((EventType::Updated, id, Some(u.clone())))
            }
            Change::Delete { user, .. } => {
                let id = user_id(user);
                self.users.remove(&id)?;
                Some((EventType::Deleted, id, None))
            }
            Change::SendExample => Some((EventType::Deleted, EXAMPLE_USER.to_owned(), None)),
            Change::SignIn { .. } | Change::SecondApp { .. } => None,
        }
    }

    fn next_address(&mut self) -> String {
        self.addresses += 1;
        format!("idn_2addr{:04}", self.addresses)
    }
}

/// `user_2thomas`: the Clerk id of a scenario's user, from their first name.
pub fn user_id(name: &str) -> String {
    let ascii: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'ï' | 'î' => 'i',
            'ô' => 'o',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("user_2{ascii}")
}
