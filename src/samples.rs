//! Realistic Clerk webhook payloads, shaped like the deliveries Clerk sends through Svix
//! (envelope `data` / `object` / `type` / `timestamp` / `instance_id` /
//! `event_attributes`). The sandbox and `send` share them.
//!
//! They are fixed texts rather than generated JSON because the exact bytes matter: the
//! signature covers them, and the « re-serialised body » lesson depends on their spacing.

/// One sample event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// The Clerk event type, e.g. `user.created`.
    pub event: &'static str,
    /// A French one-line description for menus.
    pub description: &'static str,
    /// The body, byte for byte as sent.
    pub body: &'static str,
}

/// Every sample, in menu order.
pub const ALL: &[Sample] = &[
    Sample {
        event: "user.created",
        description: "inscription d'un nouvel utilisateur",
        body: USER_CREATED,
    },
    Sample {
        event: "user.updated",
        description: "profil modifié (par exemple dans le Dashboard)",
        body: USER_UPDATED,
    },
    Sample {
        event: "user.deleted",
        description: "compte supprimé : seulement l'id, pas d'e-mail",
        body: USER_DELETED,
    },
    Sample {
        event: "session.created",
        description: "nouvelle session (connexion)",
        body: SESSION_CREATED,
    },
    Sample {
        event: "session.ended",
        description: "session terminée (déconnexion)",
        body: SESSION_ENDED,
    },
    Sample {
        event: "organization.created",
        description: "nouvelle organisation",
        body: ORGANIZATION_CREATED,
    },
    Sample {
        event: "organizationMembership.created",
        description: "un membre rejoint une organisation",
        body: MEMBERSHIP_CREATED,
    },
];

/// The sample for an event type, if there is one.
pub fn find(event: &str) -> Option<&'static Sample> {
    ALL.iter().find(|s| s.event == event)
}

/// The event types, comma-separated, for error messages.
pub fn event_list() -> String {
    ALL.iter().map(|s| s.event).collect::<Vec<_>>().join(", ")
}

const USER_CREATED: &str = r#"{
  "data": {
    "backup_code_enabled": false,
    "banned": false,
    "birthday": "",
    "created_at": 1764321600000,
    "email_addresses": [
      {
        "email_address": "camille.martin@example.fr",
        "id": "idn_2xKq8Zr4TfWbN1mPdJ7sYcE3aLh",
        "linked_to": [],
        "object": "email_address",
        "verification": { "status": "verified", "strategy": "email_code" }
      }
    ],
    "external_accounts": [],
    "external_id": null,
    "first_name": "Camille",
    "has_image": false,
    "id": "user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG",
    "image_url": "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9",
    "last_name": "Martin",
    "last_sign_in_at": 1764321600512,
    "locked": false,
    "object": "user",
    "password_enabled": false,
    "phone_numbers": [],
    "primary_email_address_id": "idn_2xKq8Zr4TfWbN1mPdJ7sYcE3aLh",
    "primary_phone_number_id": null,
    "primary_web3_wallet_id": null,
    "private_metadata": {},
    "public_metadata": {},
    "two_factor_enabled": false,
    "unsafe_metadata": {},
    "updated_at": 1764321600530,
    "username": null,
    "web3_wallets": []
  },
  "event_attributes": {
    "http_request": {
      "client_ip": "203.0.113.42",
      "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
    }
  },
  "instance_id": "ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp",
  "object": "event",
  "timestamp": 1764321600530,
  "type": "user.created"
}"#;

const USER_UPDATED: &str = r#"{
  "data": {
    "birthday": "",
    "created_at": 1764321600000,
    "email_addresses": [
      {
        "email_address": "camille.martin@example.fr",
        "id": "idn_2xKq8Zr4TfWbN1mPdJ7sYcE3aLh",
        "linked_to": [],
        "object": "email_address",
        "verification": { "status": "verified", "strategy": "email_code" }
      }
    ],
    "external_accounts": [],
    "external_id": null,
    "first_name": "Camille",
    "has_image": true,
    "id": "user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG",
    "image_url": "https://img.clerk.com/eyJ0eXBlIjoicHJveHkifQ",
    "last_name": "Martin-Lefèvre",
    "last_sign_in_at": 1764321600512,
    "object": "user",
    "password_enabled": false,
    "phone_numbers": [],
    "primary_email_address_id": "idn_2xKq8Zr4TfWbN1mPdJ7sYcE3aLh",
    "primary_phone_number_id": null,
    "primary_web3_wallet_id": null,
    "private_metadata": { "plan": "pro" },
    "public_metadata": { "role": "admin" },
    "two_factor_enabled": false,
    "unsafe_metadata": {},
    "updated_at": 1764408000118,
    "username": "camille",
    "web3_wallets": []
  },
  "event_attributes": {
    "http_request": {
      "client_ip": "198.51.100.7",
      "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15"
    }
  },
  "instance_id": "ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp",
  "object": "event",
  "timestamp": 1764408000118,
  "type": "user.updated"
}"#;

const USER_DELETED: &str = r#"{
  "data": {
    "deleted": true,
    "id": "user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG",
    "object": "user"
  },
  "event_attributes": {
    "http_request": {
      "client_ip": "198.51.100.7",
      "user_agent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15"
    }
  },
  "instance_id": "ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp",
  "object": "event",
  "timestamp": 1764494400271,
  "type": "user.deleted"
}"#;

const SESSION_CREATED: &str = r#"{
  "data": {
    "abandon_at": 1766913600000,
    "client_id": "client_2xKq8WmTz5UeP4nQbH9tYdF1cJr",
    "created_at": 1764321600600,
    "expire_at": 1764926400600,
    "id": "sess_2xKq8Xk2QcUzL9kNbG5qWaC1YjF",
    "last_active_at": 1764321600600,
    "object": "session",
    "status": "active",
    "updated_at": 1764321600640,
    "user_id": "user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG"
  },
  "event_attributes": {
    "http_request": {
      "client_ip": "203.0.113.42",
      "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
    }
  },
  "instance_id": "ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp",
  "object": "event",
  "timestamp": 1764321600640,
  "type": "session.created"
}"#;

const SESSION_ENDED: &str = r#"{
  "data": {
    "abandon_at": 1766913600000,
    "client_id": "client_2xKq8WmTz5UeP4nQbH9tYdF1cJr",
    "created_at": 1764321600600,
    "expire_at": 1764926400600,
    "id": "sess_2xKq8Xk2QcUzL9kNbG5qWaC1YjF",
    "last_active_at": 1764325200000,
    "object": "session",
    "status": "ended",
    "updated_at": 1764325200085,
    "user_id": "user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG"
  },
  "event_attributes": {
    "http_request": {
      "client_ip": "203.0.113.42",
      "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
    }
  },
  "instance_id": "ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp",
  "object": "event",
  "timestamp": 1764325200085,
  "type": "session.ended"
}"#;

const ORGANIZATION_CREATED: &str = r#"{
  "data": {
    "admin_delete_enabled": true,
    "created_at": 1764330000000,
    "created_by": "user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG",
    "has_image": false,
    "id": "org_2xKr1Ab3CdEfGh4IjKlMn5OpQr",
    "image_url": "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9",
    "max_allowed_memberships": 5,
    "members_count": 1,
    "name": "Atelier Lumière",
    "object": "organization",
    "private_metadata": {},
    "public_metadata": {},
    "slug": "atelier-lumiere",
    "updated_at": 1764330000000
  },
  "event_attributes": {
    "http_request": {
      "client_ip": "203.0.113.42",
      "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
    }
  },
  "instance_id": "ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp",
  "object": "event",
  "timestamp": 1764330000021,
  "type": "organization.created"
}"#;

const MEMBERSHIP_CREATED: &str = r#"{
  "data": {
    "created_at": 1764330600000,
    "id": "orgmem_2xKr2Cd4EfGhIj5KlMnOp6QrSt",
    "object": "organization_membership",
    "organization": {
      "id": "org_2xKr1Ab3CdEfGh4IjKlMn5OpQr",
      "name": "Atelier Lumière",
      "object": "organization",
      "slug": "atelier-lumiere"
    },
    "public_user_data": {
      "first_name": "Noé",
      "identifier": "noe.bernard@example.fr",
      "last_name": "Bernard",
      "user_id": "user_2xKr3Ef5GhIjK6lMnOpQ7rStUv"
    },
    "role": "org:member",
    "updated_at": 1764330600000
  },
  "event_attributes": {
    "http_request": {
      "client_ip": "192.0.2.15",
      "user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
    }
  },
  "instance_id": "ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp",
  "object": "event",
  "timestamp": 1764330600044,
  "type": "organizationMembership.created"
}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_is_valid_json_whose_type_matches() {
        for sample in ALL {
            let value: serde_json::Value = serde_json::from_str(sample.body).unwrap();
            assert_eq!(value["type"], sample.event, "{}", sample.event);
            assert_eq!(value["object"], "event");
            assert!(value["instance_id"].as_str().unwrap().starts_with("ins_"));
        }
    }

    #[test]
    fn user_deleted_carries_only_the_stub() {
        let value: serde_json::Value =
            serde_json::from_str(find("user.deleted").unwrap().body).unwrap();
        let keys: Vec<_> = value["data"].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["deleted", "id", "object"]);
    }

    #[test]
    fn reserialising_changes_the_bytes() {
        // The sandbox's « reserialized » lesson relies on this.
        for sample in ALL {
            let value: serde_json::Value = serde_json::from_str(sample.body).unwrap();
            assert_ne!(serde_json::to_string(&value).unwrap(), sample.body);
        }
    }

    #[test]
    fn lookup() {
        assert_eq!(find("user.deleted").map(|s| s.event), Some("user.deleted"));
        assert_eq!(find("user.exploded"), None);
        assert!(event_list().starts_with("user.created, user.updated, user.deleted"));
    }
}
