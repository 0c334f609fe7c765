//! The bodies the battery sends: Clerk-shaped events for fresh lab users (`user_lab_…`), as
//! compact JSON with sorted keys, so that `JSON.stringify(JSON.parse(body))` gives the same
//! bytes back — except the `raw-body` check's, written by hand so that it does not.

use serde_json::{Value, json};

/// A user the battery creates, and what the endpoint should store for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabUser {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    /// The primary address: the SECOND entry of `email_addresses`, so an endpoint that reads
    /// `email_addresses[0]` stores the wrong one.
    pub email: String,
    pub old_email: String,
    pub image_url: String,
}

impl LabUser {
    /// A user with `tag` (random, per run) and `n` (per check) in every field.
    pub fn new(tag: &str, n: usize, first_name: &str) -> Self {
        Self {
            id: format!("user_lab_{tag}{n:02}"),
            first_name: first_name.to_owned(),
            last_name: format!("Labo{n:02}"),
            email: format!("lab.{tag}{n:02}@example.fr"),
            old_email: format!("ancienne.{tag}{n:02}@example.fr"),
            image_url: format!("https://img.clerk.com/lab-{tag}{n:02}"),
        }
    }

    fn email_ids(&self) -> (String, String) {
        let suffix = self.id.trim_start_matches("user_");
        (format!("idn_old_{suffix}"), format!("idn_{suffix}"))
    }
}

/// A `user.created` or `user.updated` event; `updated_at` in milliseconds; `metadata` goes
/// into `public_metadata`.
pub fn user_event(kind: &str, user: &LabUser, updated_at: i64, metadata: Value) -> Vec<u8> {
    let (old_id, primary_id) = user.email_ids();
    let address = |id: &str, email: &str| {
        json!({
            "email_address": email,
            "id": id,
            "linked_to": [],
            "object": "email_address",
            "verification": { "status": "verified", "strategy": "email_code" }
        })
    };
    let data = json!({
        "backup_code_enabled": false,
        "banned": false,
        "created_at": updated_at - 60_000,
        "email_addresses": [address(&old_id, &user.old_email), address(&primary_id, &user.email)],
        "external_accounts": [],
        "external_id": null,
        "first_name": user.first_name,
        "has_image": true,
        "id": user.id,
        "image_url": user.image_url,
        "last_name": user.last_name,
        "last_sign_in_at": null,
        "locked": false,
        "object": "user",
        "password_enabled": false,
        "phone_numbers": [],
        "primary_email_address_id": primary_id,
        "primary_phone_number_id": null,
        "private_metadata": {},
        "public_metadata": metadata,
        "two_factor_enabled": false,
        "unsafe_metadata": {},
        "updated_at": updated_at,
        "username": null,
        "web3_wallets": []
    });
    envelope(kind, data, updated_at)
}

/// `user.deleted`: only the id, like Clerk's.
pub fn deleted_event(clerk_id: &str, at: i64) -> Vec<u8> {
    let data = json!({ "deleted": true, "id": clerk_id, "object": "user" });
    envelope("user.deleted", data, at)
}

/// An event type a user-sync endpoint does not handle.
pub fn organization_created(tag: &str, at: i64) -> Vec<u8> {
    let data = json!({
        "created_at": at,
        "id": format!("org_lab_{tag}"),
        "members_count": 1,
        "name": "Potagers Labo",
        "object": "organization",
        "slug": format!("potagers-labo-{tag}"),
        "updated_at": at
    });
    envelope("organization.created", data, at)
}

/// About `bytes` of `public_metadata`: a garden log, as a learner's app might store.
pub fn large_metadata(bytes: usize) -> Value {
    let entry = "Semis de tomates cerises, arrosage du soir, paillage de la parcelle nord. ";
    let count = bytes / entry.len() + 1;
    json!({ "journal": vec![entry; count] })
}

fn envelope(kind: &str, data: Value, at: i64) -> Vec<u8> {
    let event = json!({
        "data": data,
        "event_attributes": { "http_request": { "client_ip": "203.0.113.42", "user_agent": "webhook-tutor grade" } },
        "instance_id": "ins_lab",
        "object": "event",
        "timestamp": at,
        "type": kind
    });
    serde_json::to_vec(&event).unwrap_or_default()
}

/// A `user.created` whose bytes change under `JSON.parse` → `JSON.stringify`: pretty-printed,
/// `\u00e9`-style escapes, and an integer-like key (`"2026"`) that JavaScript moves first.
pub fn raw_body_event(user: &LabUser, at: i64) -> Vec<u8> {
    let (old_id, primary_id) = user.email_ids();
    format!(
        r#"{{
  "type": "user.created",
  "object": "event",
  "timestamp": {at},
  "instance_id": "ins_lab",
  "data": {{
    "id": "{id}",
    "object": "user",
    "first_name": "H\u00e9l\u00e8ne",
    "last_name": "{last}",
    "image_url": "{image}",
    "primary_email_address_id": "{primary_id}",
    "email_addresses": [
      {{ "id": "{old_id}", "email_address": "{old}", "object": "email_address" }},
      {{ "id": "{primary_id}", "email_address": "{email}", "object": "email_address" }}
    ],
    "public_metadata": {{ "potager": "parcelle nord", "2026": "r\u00e9colte" }},
    "created_at": {at},
    "updated_at": {at}
  }}
}}"#,
        id = user.id,
        last = user.last_name,
        image = user.image_url,
        old = user.old_email,
        email = user.email,
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_bodies_survive_a_reserialisation_and_the_raw_one_does_not() {
        let user = LabUser::new("t3st", 1, "Inès");
        let reserialise = |body: &[u8]| {
            serde_json::to_vec(&serde_json::from_slice::<Value>(body).unwrap()).unwrap()
        };
        for body in [
            user_event("user.created", &user, 1_764_000_000_000, json!({})),
            deleted_event(&user.id, 1),
            organization_created("t3st", 1),
        ] {
            assert_eq!(reserialise(&body), body);
        }
        let raw = raw_body_event(&user, 1);
        assert_ne!(reserialise(&raw), raw);
        let parsed: Value = serde_json::from_slice(&raw).unwrap();
        assert_eq!(parsed["data"]["first_name"], "Hélène");
        assert_eq!(parsed["data"]["id"], "user_lab_t3st01");
    }

    #[test]
    fn the_primary_email_is_not_the_first_one() {
        let user = LabUser::new("x", 2, "Inès");
        let body = user_event("user.updated", &user, 5, json!({}));
        let v: Value = serde_json::from_slice(&body).unwrap();
        let addresses = v["data"]["email_addresses"].as_array().unwrap();
        assert_eq!(addresses[1]["id"], v["data"]["primary_email_address_id"]);
        assert_eq!(addresses[1]["email_address"], user.email.as_str());
        assert_ne!(addresses[0]["email_address"], user.email.as_str());
    }

    #[test]
    fn large_metadata_is_about_the_size_asked() {
        let user = LabUser::new("x", 3, "Inès");
        let body = user_event("user.updated", &user, 5, large_metadata(200_000));
        assert!((200_000..220_000).contains(&body.len()), "{}", body.len());
    }
}
