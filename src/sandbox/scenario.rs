//! The sandbox's scenarios: what happens to a delivery between Svix and the endpoint, each
//! with a stable name (CLI), a key (TUI) and a French explanation of its real-world cause
//! and fix. How a scenario changes the request lives in `sandbox::exchange`.

use std::fmt;

/// One way a delivery can go. `Valid` is also what « réinitialiser » returns to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scenario {
    /// Received exactly as sent.
    #[default]
    Valid,
    /// One byte of the body changed in transit.
    TamperedBody,
    /// The body was parsed and stringified again before verification.
    Reserialized,
    /// A captured request resent 10 minutes later.
    Replay,
    /// The sender's clock is 10 minutes ahead.
    Future,
    /// Signed with another endpoint's secret (the development instance's).
    WrongSecret,
    /// Signed with the old and the new secret during a rotation.
    Rotation,
    /// `svix-signature` left out.
    MissingHeader,
}

impl Scenario {
    /// Every scenario, in key order (`1` to `8`).
    pub const ALL: [Scenario; 8] = [
        Self::Valid,
        Self::TamperedBody,
        Self::Reserialized,
        Self::Replay,
        Self::Future,
        Self::WrongSecret,
        Self::Rotation,
        Self::MissingHeader,
    ];

    /// The stable name used by `--scenario`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::TamperedBody => "tampered-body",
            Self::Reserialized => "reserialized",
            Self::Replay => "replay",
            Self::Future => "future",
            Self::WrongSecret => "wrong-secret",
            Self::Rotation => "rotation",
            Self::MissingHeader => "missing-header",
        }
    }

    /// The scenario called `name` (exact, lower case).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The names, comma-separated, for error messages and help.
    pub fn names() -> String {
        Self::ALL.map(Self::name).join(", ")
    }

    /// The digit that selects it in the TUI (`1`–`8`; `0` resets).
    pub fn key(self) -> char {
        match self {
            Self::Valid => '1',
            Self::TamperedBody => '2',
            Self::Reserialized => '3',
            Self::Replay => '4',
            Self::Future => '5',
            Self::WrongSecret => '6',
            Self::Rotation => '7',
            Self::MissingHeader => '8',
        }
    }

    /// The scenario selected by `key`.
    pub fn from_key(key: char) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// A short French title.
    pub fn title(self) -> &'static str {
        match self {
            Self::Valid => "requête valide",
            Self::TamperedBody => "corps modifié en route",
            Self::Reserialized => "corps re-sérialisé",
            Self::Replay => "rejeu d'une vieille requête",
            Self::Future => "horloge en avance",
            Self::WrongSecret => "mauvais secret",
            Self::Rotation => "rotation du secret",
            Self::MissingHeader => "en-tête manquant",
        }
    }

    /// What happens, and why it happens in real life.
    pub fn cause(self) -> &'static str {
        match self {
            Self::Valid => CAUSE_VALID,
            Self::TamperedBody => CAUSE_TAMPERED,
            Self::Reserialized => CAUSE_RESERIALIZED,
            Self::Replay => CAUSE_REPLAY,
            Self::Future => CAUSE_FUTURE,
            Self::WrongSecret => CAUSE_WRONG_SECRET,
            Self::Rotation => CAUSE_ROTATION,
            Self::MissingHeader => CAUSE_MISSING_HEADER,
        }
    }

    /// How to fix it (or why nothing needs fixing).
    pub fn fix(self) -> &'static str {
        match self {
            Self::Valid => FIX_VALID,
            Self::TamperedBody => FIX_TAMPERED,
            Self::Reserialized => FIX_RESERIALIZED,
            Self::Replay => FIX_REPLAY,
            Self::Future => FIX_FUTURE,
            Self::WrongSecret => FIX_WRONG_SECRET,
            Self::Rotation => FIX_ROTATION,
            Self::MissingHeader => FIX_MISSING_HEADER,
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const CAUSE_VALID: &str = "La requête arrive exactement comme Svix l'a signée : mêmes en-têtes, \
    même corps octet pour octet, horodatage récent.";
const FIX_VALID: &str = "Rien à corriger : l'endpoint vérifie la signature, traite l'événement \
    et répond 2xx en moins de 15 s.";

const CAUSE_TAMPERED: &str = "Un octet du corps a changé entre l'envoi et la vérification : \
    un attaquant qui falsifie l'événement, ou un intermédiaire (proxy, middleware) qui réécrit \
    le corps. La signature couvre chaque octet, donc elle ne correspond plus.";
const FIX_TAMPERED: &str = "Rejetez la requête (400) sans la traiter. Si cela arrive avec de \
    vrais envois, cherchez ce qui modifie le corps avant votre code.";

const CAUSE_RESERIALIZED: &str = "Le framework a analysé le corps JSON puis l'a réécrit en \
    texte (req.json() puis JSON.stringify, ou un body-parser) : les espaces disparaissent, \
    les échappements comme \\u00e9 deviennent des caractères, les nombres sont réécrits (1.50 \
    → 1.5) et les clés qui ressemblent à des entiers passent en tête. Le contenu est le même, \
    les octets non : la signature échoue. Si le corps avait déjà exactement la forme que \
    produit JSON.stringify, rien ne change et la signature passe, par chance.";
const FIX_RESERIALIZED: &str = "Vérifiez le corps BRUT : await req.text() (Next.js), \
    express.raw({ type: 'application/json' }), puis JSON.parse seulement après la vérification.";

const CAUSE_REPLAY: &str = "Une requête capturée est renvoyée 10 minutes plus tard : la \
    signature est toujours correcte pour cet horodatage, mais il dépasse la tolérance de 5 \
    minutes. (Les relances de Svix, elles, sont re-signées avec un horodatage frais.)";
const FIX_REPLAY: &str = "Gardez la vérification de l'horodatage (ne l'ignorez pas) : c'est la \
    protection contre le rejeu. Dédupliquez aussi par svix-id.";

const CAUSE_FUTURE: &str = "L'horloge de l'émetteur (ou celle de votre serveur, en retard) est \
    décalée de 10 minutes : l'horodatage semble venir du futur, au-delà des 5 minutes tolérées.";
const FIX_FUTURE: &str = "Synchronisez l'horloge du serveur (NTP). N'élargissez pas la \
    tolérance pour masquer le problème.";

const CAUSE_WRONG_SECRET: &str = "La requête est signée avec le secret d'un autre endpoint — \
    typiquement celui de l'instance de développement alors que le serveur a celui de \
    production (ou l'inverse). Chaque endpoint a son propre secret.";
const FIX_WRONG_SECRET: &str = "Copiez le Signing Secret de CET endpoint (Clerk : Webhooks → \
    endpoint → Signing Secret) dans la variable d'environnement, et redémarrez le serveur.";

const CAUSE_ROTATION: &str = "Pendant une rotation, Svix signe avec l'ancien ET le nouveau \
    secret : l'en-tête contient deux entrées « v1,… ». Le serveur, qui n'a que le nouveau \
    secret, trouve une entrée qui correspond : il suffit d'UNE entrée valide pour accepter.";
const FIX_ROTATION: &str = "Rien à corriger : la requête est acceptée. Mettez le nouveau secret \
    en production pendant la période où les deux sont signés.";

const CAUSE_MISSING_HEADER: &str = "L'en-tête svix-signature manque : un proxy ou un CDN qui ne \
    transmet pas les en-têtes inconnus, ou du code qui ne recopie que certains en-têtes vers \
    la fonction de vérification.";
const FIX_MISSING_HEADER: &str = "Transmettez svix-id, svix-timestamp et svix-signature tels \
    quels à la vérification, et configurez le proxy pour qu'il les laisse passer.";
