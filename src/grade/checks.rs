//! The battery as data: every check's stable id, French title, quiz objective, whether it is
//! required, what it needs (a database, an earlier check), and the course section that teaches
//! the fix. The runner walks [`CHECKS`] in order; reports, JSON and the Labo screen read it.

/// Stable check ids (used by `--only`, the JSON document, `[[exercises]] checks` and progress).
pub mod id {
    pub const VALID: &str = "valid";
    pub const STATE_VALID: &str = "state-valid";
    pub const RAW_BODY: &str = "raw-body";
    pub const TAMPERED_BODY: &str = "tampered-body";
    pub const WRONG_SECRET: &str = "wrong-secret";
    pub const REPLAY: &str = "replay";
    pub const FUTURE: &str = "future";
    pub const MISSING_ID: &str = "missing-id";
    pub const MISSING_TIMESTAMP: &str = "missing-timestamp";
    pub const MISSING_SIGNATURE: &str = "missing-signature";
    pub const ROTATION: &str = "rotation";
    pub const DUPLICATE: &str = "duplicate";
    pub const STATE_DUPLICATE: &str = "state-duplicate";
    pub const UPDATE_BEFORE_CREATE: &str = "update-before-create";
    pub const STATE_UPDATE: &str = "state-update";
    pub const DELETE_UNKNOWN: &str = "delete-unknown";
    pub const STATE_DELETE: &str = "state-delete";
    pub const UNKNOWN_EVENT: &str = "unknown-event";
    pub const LARGE_PAYLOAD: &str = "large-payload";
    pub const CONCURRENT_DUPLICATE: &str = "concurrent-duplicate";
    pub const STALE_UPDATE: &str = "stale-update";
    pub const LATENCY: &str = "latency";
}

/// The quiz's six objectives, in the quiz's order: (id, French label).
pub const OBJECTIVES: &[(&str, &str)] = &[
    (
        "concept",
        "Comprendre le concept de webhook et son fonctionnement",
    ),
    (
        "endpoint",
        "Implémenter un endpoint webhook sécurisé avec Clerk",
    ),
    (
        "events",
        "Gérer les différents événements utilisateur (create, update, delete)",
    ),
    (
        "signatures",
        "Vérifier les signatures cryptographiques avec Svix",
    ),
    (
        "architecture",
        "Comparer webhooks et upsert pour faire des choix architecturaux",
    ),
    (
        "errors",
        "Gérer les cas d’erreur et les retries automatiques",
    ),
];

/// What a check expects from the endpoint's HTTP answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Every request gets a 2xx.
    Success,
    /// A forged or stale request: a 4xx (a 2xx is a security failure).
    Rejection,
    /// Only the database is read (no request of its own, or one whose state is what counts).
    State,
}

/// One check of the battery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckDef {
    pub id: &'static str,
    /// French, shown on each line.
    pub title: &'static str,
    /// One of [`OBJECTIVES`]' ids.
    pub objective: &'static str,
    /// Bonus checks are shown but not required to pass.
    pub required: bool,
    pub expect: Expect,
    /// Skipped (not failed) without `--database-url`.
    pub needs_database: bool,
    /// A check whose users or timing this one reuses; `--only` pulls it in.
    pub after: Option<&'static str>,
    /// `module-id#heading-slug` of the section that teaches the fix.
    pub see: &'static str,
}

const fn check(
    id: &'static str,
    title: &'static str,
    objective: &'static str,
    expect: Expect,
    see: &'static str,
) -> CheckDef {
    CheckDef {
        id,
        title,
        objective,
        required: true,
        expect,
        needs_database: false,
        after: None,
        see,
    }
}

const fn state(
    id: &'static str,
    title: &'static str,
    objective: &'static str,
    after: &'static str,
    see: &'static str,
) -> CheckDef {
    CheckDef {
        needs_database: true,
        after: Some(after),
        ..check(id, title, objective, Expect::State, see)
    }
}

const fn bonus(def: CheckDef) -> CheckDef {
    CheckDef {
        required: false,
        ..def
    }
}

const SEE_ROUTE: &str = "implementation#le-route-handler";
const SEE_MIDDLEWARE: &str = "implementation#le-middleware--garder-la-route-publique";
const SEE_RAW_BODY: &str = "implementation#le-corps-brut";
const SEE_VERIFY: &str = "implementation#la-vérification-seule-dans-le-try";
const SEE_REPLAY: &str = "webhooks-clerk#horodatage-et-attaques-par-rejeu";
const SEE_HEADERS: &str = "webhooks-clerk#les-trois-en-têtes";
const SEE_ROTATION: &str = "webhooks-clerk#plusieurs-signatures--la-rotation-des-secrets";
const SEE_IDEMPOTENCE: &str = "scenarios#idempotence--le-svix-id-comme-clé";
const SEE_UPSERT: &str = "implementation#créer-ou-mettre-à-jour--upsert";
const SEE_DELETE: &str = "implementation#supprimer-sans-lever-derreur--deletemany-gardé";
const SEE_OTHERS: &str = "implementation#les-autres-événements-et-répondre-vite";
const SEE_ORDER: &str = "scenarios#lordre-nest-pas-garanti";
const SEE_EXPRESS: &str = "implementation#variante-express";
const SEE_PAYLOAD: &str = "webhooks-clerk#structure-du-payload";

/// Every check, in the order the runner sends them.
pub const CHECKS: &[CheckDef] = &[
    check(
        id::VALID,
        "un user.created réaliste reçoit un 2xx en moins de 15 s",
        "endpoint",
        Expect::Success,
        SEE_MIDDLEWARE,
    ),
    state(
        id::STATE_VALID,
        "base : une seule ligne, avec l’e-mail principal, les noms et l’image",
        "events",
        id::VALID,
        SEE_PAYLOAD,
    ),
    check(
        id::RAW_BODY,
        "un corps que JSON.stringify réécrirait est accepté (corps brut vérifié)",
        "signatures",
        Expect::Success,
        SEE_RAW_BODY,
    ),
    check(
        id::TAMPERED_BODY,
        "un corps modifié après la signature est rejeté (4xx)",
        "signatures",
        Expect::Rejection,
        SEE_VERIFY,
    ),
    check(
        id::WRONG_SECRET,
        "une signature faite avec un autre secret est rejetée (4xx)",
        "signatures",
        Expect::Rejection,
        SEE_VERIFY,
    ),
    check(
        id::REPLAY,
        "une requête correctement signée mais vieille de 10 minutes est rejetée (4xx)",
        "signatures",
        Expect::Rejection,
        SEE_REPLAY,
    ),
    check(
        id::FUTURE,
        "une requête datée de 10 minutes dans le futur est rejetée (4xx)",
        "signatures",
        Expect::Rejection,
        SEE_REPLAY,
    ),
    check(
        id::MISSING_ID,
        "une requête sans en-tête svix-id est rejetée (4xx)",
        "signatures",
        Expect::Rejection,
        SEE_HEADERS,
    ),
    check(
        id::MISSING_TIMESTAMP,
        "une requête sans en-tête svix-timestamp est rejetée (4xx)",
        "signatures",
        Expect::Rejection,
        SEE_HEADERS,
    ),
    check(
        id::MISSING_SIGNATURE,
        "une requête sans en-tête svix-signature est rejetée (4xx)",
        "signatures",
        Expect::Rejection,
        SEE_HEADERS,
    ),
    check(
        id::ROTATION,
        "une signature périmée suivie de la bonne est acceptée (rotation du secret)",
        "signatures",
        Expect::Success,
        SEE_ROTATION,
    ),
    check(
        id::DUPLICATE,
        "le même svix-id livré une seconde fois, re-signé, reçoit un 2xx",
        "errors",
        Expect::Success,
        SEE_IDEMPOTENCE,
    ),
    state(
        id::STATE_DUPLICATE,
        "base : toujours une seule ligne après le doublon",
        "errors",
        id::DUPLICATE,
        SEE_IDEMPOTENCE,
    ),
    check(
        id::UPDATE_BEFORE_CREATE,
        "un user.updated pour un utilisateur jamais créé reçoit un 2xx (upsert)",
        "architecture",
        Expect::Success,
        SEE_UPSERT,
    ),
    state(
        id::STATE_UPDATE,
        "base : la ligne existe avec les données du user.updated",
        "architecture",
        id::UPDATE_BEFORE_CREATE,
        SEE_UPSERT,
    ),
    check(
        id::DELETE_UNKNOWN,
        "un user.deleted pour un id inconnu reçoit un 2xx (deleteMany, pas delete)",
        "events",
        Expect::Success,
        SEE_DELETE,
    ),
    check(
        id::UNKNOWN_EVENT,
        "un type d’événement non géré (organization.created) reçoit un 2xx",
        "events",
        Expect::Success,
        SEE_OTHERS,
    ),
    CheckDef {
        after: Some(id::VALID),
        ..check(
            id::LARGE_PAYLOAD,
            "un user.updated d’environ 200 Ko (utilisateur du test valid) reçoit un 2xx",
            "endpoint",
            Expect::Success,
            SEE_EXPRESS,
        )
    },
    CheckDef {
        expect: Expect::Success,
        ..state(
            id::STATE_DELETE,
            "base : après un user.deleted, la ligne a disparu ou deletedAt est rempli",
            "events",
            id::VALID,
            SEE_DELETE,
        )
    },
    bonus(check(
        id::CONCURRENT_DUPLICATE,
        "le même message livré deux fois au même instant : deux 2xx, une seule ligne",
        "architecture",
        Expect::Success,
        SEE_IDEMPOTENCE,
    )),
    bonus(CheckDef {
        needs_database: true,
        ..check(
            id::STALE_UPDATE,
            "un user.updated plus ancien arrivé après un plus récent ne l’écrase pas",
            "architecture",
            Expect::Success,
            SEE_ORDER,
        )
    }),
    bonus(CheckDef {
        after: Some(id::VALID),
        ..check(
            id::LATENCY,
            "l’événement valide reçoit sa réponse en moins de 1 s",
            "errors",
            Expect::Success,
            SEE_ROUTE,
        )
    }),
];

/// The definition of a check id.
pub fn find(id: &str) -> Option<&'static CheckDef> {
    CHECKS.iter().find(|c| c.id == id)
}

/// Every id, comma-separated, for messages.
pub fn id_list() -> String {
    CHECKS.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
}

/// Why `--only` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--only : vérification « {0} » inconnue — choisissez parmi {list}", list = id_list())]
pub struct UnknownCheck(pub String);

/// The checks to run, in battery order: all of them, or `only` plus what they build on.
pub fn select(only: Option<&[String]>) -> Result<Vec<&'static CheckDef>, UnknownCheck> {
    let Some(only) = only else {
        return Ok(CHECKS.iter().collect());
    };
    let mut wanted: Vec<&str> = Vec::new();
    for name in only {
        let def = find(name.trim()).ok_or_else(|| UnknownCheck(name.trim().to_owned()))?;
        wanted.push(def.id);
        if let Some(after) = def.after {
            wanted.push(after);
        }
    }
    Ok(CHECKS.iter().filter(|c| wanted.contains(&c.id)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_objectives_known() {
        for (i, def) in CHECKS.iter().enumerate() {
            assert!(
                CHECKS[..i].iter().all(|d| d.id != def.id),
                "{} twice",
                def.id
            );
            assert!(
                OBJECTIVES.iter().any(|(o, _)| *o == def.objective),
                "{}",
                def.id
            );
            if let Some(after) = def.after {
                let pos = CHECKS.iter().position(|d| d.id == after).unwrap();
                assert!(pos < i, "{} runs before {after}", def.id);
            }
        }
        assert_eq!(CHECKS.iter().filter(|c| c.required).count(), 19);
        assert_eq!(CHECKS.len(), 22);
    }

    #[test]
    fn every_see_resolves_in_the_shipped_course() {
        let course = crate::course::Course::embedded().unwrap();
        let sections = crate::course::Sections::from_course(&course);
        use crate::quiz::SeeResolver as _;
        for def in CHECKS {
            let (module, anchor) = def.see.split_once('#').unwrap();
            let slugs = sections.heading_slugs(module).unwrap_or_default();
            assert!(
                slugs.iter().any(|s| s == anchor),
                "{}: {} not in {slugs:?}",
                def.id,
                def.see
            );
        }
    }

    #[test]
    fn only_pulls_in_what_a_check_builds_on() {
        let ids = |only: &[&str]| {
            let only: Vec<String> = only.iter().map(|s| (*s).to_owned()).collect();
            select(Some(&only))
                .unwrap()
                .iter()
                .map(|d| d.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&["latency"]), ["valid", "latency"]);
        assert_eq!(
            ids(&["state-duplicate", "replay"]),
            ["replay", "duplicate", "state-duplicate"]
        );
        assert_eq!(
            select(Some(&["nope".to_owned()])).unwrap_err(),
            UnknownCheck("nope".to_owned())
        );
        assert_eq!(select(None).unwrap().len(), CHECKS.len());
    }
}
