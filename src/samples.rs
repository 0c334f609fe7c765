//! Realistic Clerk webhook payloads, shaped like the deliveries Clerk sends through Svix
//! (envelope `data` / `object` / `type` / `timestamp` / `instance_id` /
//! `event_attributes`). The sandbox and `send` share them.
//!
//! They are fixed texts rather than generated JSON because the exact bytes matter: the
//! signature covers them. Like Clerk's deliveries they are compact JSON (no whitespace
//! between tokens); they write non-ASCII characters as `\u` escapes, as many JSON
//! encoders do, which is what makes `JSON.stringify(await req.json())` change the bytes of
//! some of them and not others (the sandbox's `reserialized` lesson). The sandbox indents
//! them for display only.

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

const USER_CREATED: &str = concat!(
    r#"{"data":{"backup_code_enabled":false,"banned":false,"birthday":"","#,
    r#""created_at":1764321600000,"#,
    r#""email_addresses":[{"email_address":"camille.martin@example.fr","#,
    r#""id":"idn_2xKq8Zr4TfWbN1mPdJ7sYcE3aLh","linked_to":[],"object":"email_address","#,
    r#""verification":{"status":"verified","strategy":"email_code"}}],"external_accounts":[],"#,
    r#""external_id":null,"first_name":"Camille","has_image":false,"#,
    r#""id":"user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG","#,
    r#""image_url":"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9","last_name":"Martin","#,
    r#""last_sign_in_at":1764321600512,"locked":false,"object":"user","password_enabled":false,"#,
    r#""phone_numbers":[],"primary_email_address_id":"idn_2xKq8Zr4TfWbN1mPdJ7sYcE3aLh","#,
    r#""primary_phone_number_id":null,"primary_web3_wallet_id":null,"private_metadata":{},"#,
    r#""public_metadata":{},"two_factor_enabled":false,"#,
    r#""unsafe_metadata":{"quartier":"Guilloti\u00e8re"},"updated_at":1764321600530,"#,
    r#""username":null,"web3_wallets":[]},"#,
    r#""event_attributes":{"http_request":{"client_ip":"203.0.113.42","#,
    r#""user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"}},"#,
    r#""instance_id":"ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp","object":"event","#,
    r#""timestamp":1764321600530,"type":"user.created"}"#,
);

const USER_UPDATED: &str = concat!(
    r#"{"data":{"birthday":"","created_at":1764321600000,"#,
    r#""email_addresses":[{"email_address":"camille.martin@example.fr","#,
    r#""id":"idn_2xKq8Zr4TfWbN1mPdJ7sYcE3aLh","linked_to":[],"object":"email_address","#,
    r#""verification":{"status":"verified","strategy":"email_code"}}],"external_accounts":[],"#,
    r#""external_id":null,"first_name":"Camille","has_image":true,"#,
    r#""id":"user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG","#,
    r#""image_url":"https://img.clerk.com/eyJ0eXBlIjoicHJveHkifQ","#,
    r#""last_name":"Martin-Lef\u00e8vre","last_sign_in_at":1764321600512,"object":"user","#,
    r#""password_enabled":false,"phone_numbers":[],"#,
    r#""primary_email_address_id":"idn_2xKq8Zr4TfWbN1mPdJ7sYcE3aLh","#,
    r#""primary_phone_number_id":null,"primary_web3_wallet_id":null,"#,
    r#""private_metadata":{"plan":"pro"},"public_metadata":{"role":"admin"},"#,
    r#""two_factor_enabled":false,"unsafe_metadata":{},"updated_at":1764408000118,"#,
    r#""username":"camille","web3_wallets":[]},"#,
    r#""event_attributes":{"http_request":{"client_ip":"198.51.100.7","#,
    r#""user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15"}},"#,
    r#""instance_id":"ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp","object":"event","#,
    r#""timestamp":1764408000118,"type":"user.updated"}"#,
);

const USER_DELETED: &str = concat!(
    r#"{"data":{"deleted":true,"id":"user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG","object":"user"},"#,
    r#""event_attributes":{"http_request":{"client_ip":"198.51.100.7","#,
    r#""user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Safari/605.1.15"}},"#,
    r#""instance_id":"ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp","object":"event","#,
    r#""timestamp":1764494400271,"type":"user.deleted"}"#,
);

const SESSION_CREATED: &str = concat!(
    r#"{"data":{"abandon_at":1766913600000,"client_id":"client_2xKq8WmTz5UeP4nQbH9tYdF1cJr","#,
    r#""created_at":1764321600600,"expire_at":1764926400600,"#,
    r#""id":"sess_2xKq8Xk2QcUzL9kNbG5qWaC1YjF","last_active_at":1764321600600,"#,
    r#""object":"session","status":"active","updated_at":1764321600640,"#,
    r#""user_id":"user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG"},"#,
    r#""event_attributes":{"http_request":{"client_ip":"203.0.113.42","#,
    r#""user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"}},"#,
    r#""instance_id":"ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp","object":"event","#,
    r#""timestamp":1764321600640,"type":"session.created"}"#,
);

const SESSION_ENDED: &str = concat!(
    r#"{"data":{"abandon_at":1766913600000,"client_id":"client_2xKq8WmTz5UeP4nQbH9tYdF1cJr","#,
    r#""created_at":1764321600600,"expire_at":1764926400600,"#,
    r#""id":"sess_2xKq8Xk2QcUzL9kNbG5qWaC1YjF","last_active_at":1764325200000,"#,
    r#""object":"session","status":"ended","updated_at":1764325200085,"#,
    r#""user_id":"user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG"},"#,
    r#""event_attributes":{"http_request":{"client_ip":"203.0.113.42","#,
    r#""user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"}},"#,
    r#""instance_id":"ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp","object":"event","#,
    r#""timestamp":1764325200085,"type":"session.ended"}"#,
);

const ORGANIZATION_CREATED: &str = concat!(
    r#"{"data":{"admin_delete_enabled":true,"created_at":1764330000000,"#,
    r#""created_by":"user_2xKq8Yh3RdVaM0lOcI6rXbD2ZkG","has_image":false,"#,
    r#""id":"org_2xKr1Ab3CdEfGh4IjKlMn5OpQr","#,
    r#""image_url":"https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9","#,
    r#""max_allowed_memberships":5,"members_count":1,"name":"Atelier Lumi\u00e8re","#,
    r#""object":"organization","private_metadata":{},"public_metadata":{},"#,
    r#""slug":"atelier-lumiere","updated_at":1764330000000},"#,
    r#""event_attributes":{"http_request":{"client_ip":"203.0.113.42","#,
    r#""user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"}},"#,
    r#""instance_id":"ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp","object":"event","#,
    r#""timestamp":1764330000021,"type":"organization.created"}"#,
);

const MEMBERSHIP_CREATED: &str = concat!(
    r#"{"data":{"created_at":1764330600000,"id":"orgmem_2xKr2Cd4EfGhIj5KlMnOp6QrSt","#,
    r#""object":"organization_membership","#,
    r#""organization":{"id":"org_2xKr1Ab3CdEfGh4IjKlMn5OpQr","name":"Atelier Lumi\u00e8re","#,
    r#""object":"organization","slug":"atelier-lumiere"},"#,
    r#""public_user_data":{"first_name":"No\u00e9","identifier":"noe.bernard@example.fr","#,
    r#""last_name":"Bernard","user_id":"user_2xKr3Ef5GhIjK6lMnOpQ7rStUv"},"role":"org:member","#,
    r#""updated_at":1764330600000},"#,
    r#""event_attributes":{"http_request":{"client_ip":"192.0.2.15","#,
    r#""user_agent":"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"}},"#,
    r#""instance_id":"ins_2xKpZ9aQ1bC4dE7fG0hJ3kL6mNp","object":"event","#,
    r#""timestamp":1764330600044,"type":"organizationMembership.created"}"#,
);

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
    fn samples_are_compact_and_only_escapes_change_when_reserialised() {
        let mut changed = Vec::new();
        for sample in ALL {
            let r = crate::sandbox::json_text::reserialize(sample.body).unwrap();
            assert!(!r.whitespace && !r.reordered, "{}", sample.event);
            if r.text != sample.body {
                assert!(r.rewritten, "{}", sample.event);
                changed.push(sample.event);
            }
        }
        assert_eq!(
            changed,
            [
                "user.created",
                "user.updated",
                "organization.created",
                "organizationMembership.created"
            ]
        );
    }

    #[test]
    fn lookup() {
        assert_eq!(find("user.deleted").map(|s| s.event), Some("user.deleted"));
        assert_eq!(find("user.exploded"), None);
        assert!(event_list().starts_with("user.created, user.updated, user.deleted"));
    }
}
