//! The sync lab's scenarios: one per seed problem of the course (admin edit, deleted
//! account, welcome e-mail, two applications) and one per delivery fault. Each has a
//! stable name and key, its timeline and default faults, and French texts: the real-world
//! cause, what to observe, the fix, and a `see` link that `check` resolves.

use super::faults::Faults;
use super::model::{Actor, Change, ClerkEvent, Time};

/// At most this many Clerk events per timeline (timelines are fixed, this bounds them).
pub const MAX_EVENTS: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SyncScenario {
    #[default]
    AdminEdit,
    AccountDeleted,
    WelcomeEmail,
    TwoApps,
    Duplicates,
    OutOfOrder,
    RetryStorm,
    EndpointDown,
}

const H: Time = 3600;
const D: Time = 86_400;

impl SyncScenario {
    pub const ALL: [SyncScenario; 8] = [
        Self::AdminEdit,
        Self::AccountDeleted,
        Self::WelcomeEmail,
        Self::TwoApps,
        Self::Duplicates,
        Self::OutOfOrder,
        Self::RetryStorm,
        Self::EndpointDown,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::AdminEdit => "admin-edit",
            Self::AccountDeleted => "account-deleted",
            Self::WelcomeEmail => "welcome-email",
            Self::TwoApps => "two-apps",
            Self::Duplicates => "duplicates",
            Self::OutOfOrder => "out-of-order",
            Self::RetryStorm => "retry-storm",
            Self::EndpointDown => "endpoint-down",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// « admin-edit, account-deleted, … » for error messages.
    pub fn names() -> String {
        Self::ALL.map(SyncScenario::name).join(", ")
    }

    /// The key that selects it in the view (`1` to `8`).
    pub fn key(self) -> char {
        let i = Self::ALL.iter().position(|s| *s == self).unwrap_or(0);
        char::from_digit(i as u32 + 1, 10).unwrap_or('1')
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::AdminEdit => "un administrateur modifie un profil dans le Dashboard",
            Self::AccountDeleted => "un utilisateur supprime son compte",
            Self::WelcomeEmail => "l’e-mail de bienvenue",
            Self::TwoApps => "deux applications sur la même instance",
            Self::Duplicates => "le même message livré deux fois",
            Self::OutOfOrder => "des messages livrés dans le désordre",
            Self::RetryStorm => "des 500 et la tempête de relances",
            Self::EndpointDown => "un endpoint en panne pendant deux heures",
        }
    }

    /// What causes this in real life.
    pub fn cause(self) -> &'static str {
        match self {
            Self::AdminEdit => {
                "Le support change l’adresse de Thomas dans le Dashboard Clerk ; Thomas ne se reconnecte que deux jours plus tard. Clerk envoie user.updated pour toute modification, Dashboard compris."
            }
            Self::AccountDeleted => {
                "Élodie supprime son compte ; un déploiement coupe la réponse de la première tentative, que Svix relance. Un compte supprimé ne se reconnecte jamais."
            }
            Self::WelcomeEmail => {
                "Nadia s’inscrit, Inès crée le compte de Marc dans le Dashboard ; le fournisseur d’e-mails est lent, Svix abandonne l’attente au bout de 15 s et relance."
            }
            Self::TwoApps => {
                "Une application B s’abonne à la même instance Clerk avec son propre endpoint, puis tombe en panne deux heures ; elle ne reçoit que les événements postérieurs à son abonnement."
            }
            Self::Duplicates => {
                "La livraison est « au moins une fois » : une réponse perdue (délai de 15 s, connexion coupée) fait relancer un message déjà traité, avec le même svix-id."
            }
            Self::OutOfOrder => {
                "Svix livre chaque message indépendamment, l’ordre n’est garanti qu’« au mieux » : un user.updated peut précéder son user.created, une vieille modification suivre la nouvelle, un user.created relancé suivre le user.deleted."
            }
            Self::RetryStorm => {
                "La base est injoignable 35 minutes après un déploiement, puis quelqu’un clique « Send Example » dans l’onglet Testing : un user.deleted pour un utilisateur qui n’existe pas."
            }
            Self::EndpointDown => {
                "L’hébergeur de l’endpoint est en panne deux heures : aucune tentative n’aboutit avant la 5e, 2 h 35 min après la première."
            }
        }
    }

    /// What to watch in the tables.
    pub fn observe(self) -> &'static str {
        match self {
            Self::AdminEdit => {
                "Les tables des webhooks portent la nouvelle adresse une seconde après la modification ; l’upsert à la connexion reste périmé jusqu’à la reconnexion de J3, et le handler naïf garde email_addresses[0], l’ancienne adresse."
            }
            Self::AccountDeleted => {
                "Le handler naïf répond 500 P2002 puis P2025 aux doublons ; son user.created relancé recrée Élodie à 16:35, et seul le user.deleted relancé à 17:05 la supprime de nouveau : juste par chance. L’upsert à la connexion garde la ligne pour toujours."
            }
            Self::WelcomeEmail => {
                "Comptez les e-mails : deux par personne avec le module 3 seul, un avec la déduplication svix-id ; aucun pour Marc avec l’upsert à la connexion, qui ne voit jamais un compte créé par un administrateur."
            }
            Self::TwoApps => {
                "La table de B se remet à jour seule après la panne, sans rien retarder chez A ; Lucie, inscrite avant l’abonnement de B, y manque jusqu’à un rattrapage."
            }
            Self::Duplicates => {
                "Le naïf enchaîne les 500 P2002 jusqu’à l’état Failed, et recrée Chloé quand un user.created relancé arrive après sa suppression (trois e-mails pour deux comptes) ; l’upsert encaisse les doublons mais envoie deux e-mails par compte."
            }
            Self::OutOfOrder => {
                "Le module 3 laisse la vieille modification écraser la nouvelle adresse de Zoé et recrée Yann ; la garde updated_at et la trace de suppression tiennent (mais ignorent aussi le user.created arrivé en dernier : pas d’e-mail de bienvenue pour Zoé)."
            }
            Self::RetryStorm => {
                "Les tentatives suivent le calendrier de Svix (immédiatement, +5 s, +5 min, +30 min) puis passent ; le naïf répond 500 P2025 à l’exemple pendant 27 h 35 min jusqu’à Failed. L’upsert à la connexion échoue aussi pendant la panne et attend la prochaine visite."
            }
            Self::EndpointDown => {
                "Rien n’arrive pendant la panne, puis tout rattrape à la 5e tentative. Avec f, la panne dépasse la fenêtre de relance : les messages finissent Failed, et seul le Replay du Dashboard les rattrape."
            }
        }
    }

    /// The fix the course teaches.
    pub fn fix(self) -> &'static str {
        match self {
            Self::AdminEdit => {
                "Un handler user.updated qui lit l’adresse par primary_email_address_id et fait un upsert sur clerkId."
            }
            Self::AccountDeleted => {
                "deleteMany gardé (if (!clerkId) break) : idempotent, jamais de P2025 ; une trace de suppression si un user.created peut arriver après."
            }
            Self::WelcomeEmail => {
                "Déduplication des effets de bord sur le svix-id (ou une réservation welcomeEmailSentAt), et l’envoi lent hors du handler."
            }
            Self::TwoApps => {
                "Un endpoint et un secret par application ; chacune déduplique chez elle ; un script de rattrapage (getUserList puis upsert) pour les utilisateurs antérieurs."
            }
            Self::Duplicates => {
                "upsert pour la ligne, deleteMany pour la suppression, svix-id pour les effets de bord."
            }
            Self::OutOfOrder => {
                "Stocker updated_at et ignorer les versions plus anciennes ; garder une trace des suppressions ; ou relire l’utilisateur auprès de l’API Backend."
            }
            Self::RetryStorm => {
                "Répondre 500 seulement quand une relance peut réussir : deleteMany plutôt que delete, 200 pour ce qui est déjà fait."
            }
            Self::EndpointDown => {
                "Des handlers idempotents pour encaisser les relances ; surveiller Message Attempts et utiliser Replay après une longue panne."
            }
        }
    }

    /// The course section that teaches it, `module-id#anchor` (checked by `check`).
    pub fn see(self) -> &'static str {
        match self {
            Self::AdminEdit => {
                "scenarios#scénario-1--un-administrateur-modifie-un-profil-dans-le-dashboard"
            }
            Self::AccountDeleted => "scenarios#scénario-2--un-utilisateur-supprime-son-compte",
            Self::WelcomeEmail => "scenarios#scénario-3--le-mail-de-bienvenue",
            Self::TwoApps => "scenarios#scénario-4--plusieurs-applications-synchronisées",
            Self::Duplicates => "scenarios#idempotence--le-svix-id-comme-clé",
            Self::OutOfOrder => "scenarios#lordre-nest-pas-garanti",
            Self::RetryStorm => "implementation#supprimer-sans-lever-derreur--deletemany-gardé",
            Self::EndpointDown => "scenarios#rejouer-et-rattraper-depuis-le-dashboard",
        }
    }

    /// The faults switched on when the scenario starts.
    pub fn faults(self) -> Faults {
        let mut f = Faults::default();
        match self {
            Self::AccountDeleted | Self::WelcomeEmail | Self::Duplicates => f.duplicates = true,
            Self::OutOfOrder => f.reorder = true,
            Self::RetryStorm => f.server_error = true,
            Self::EndpointDown => f.endpoint_down = true,
            Self::AdminEdit | Self::TwoApps => {}
        }
        f
    }

    /// Clerk's side of the story, in time order.
    pub fn timeline(self) -> Vec<ClerkEvent> {
        let e = |at: Time, change: Change| ClerkEvent { at, change };
        match self {
            Self::AdminEdit => vec![
                e(0, sign_up("Thomas", "Martin", "thomas@ancien.fr")),
                e(
                    H + 120,
                    Change::EmailChange {
                        user: "Thomas",
                        by: Actor::Admin,
                        email: "thomas@nouveau.fr",
                    },
                ),
                e(
                    H + 180,
                    Change::Edit {
                        user: "Thomas",
                        by: Actor::Admin,
                        first: "Thomas",
                        last: "Martin-Roux",
                    },
                ),
                e(2 * D + 9 * H, Change::SignIn { user: "Thomas" }),
            ],
            Self::AccountDeleted => vec![
                e(0, sign_up("Élodie", "Bernard", "elodie@exemple.fr")),
                e(
                    600,
                    Change::Edit {
                        user: "Élodie",
                        by: Actor::User,
                        first: "Élodie",
                        last: "Bernard-Lopez",
                    },
                ),
                e(
                    5 * H + 1800,
                    Change::Delete {
                        user: "Élodie",
                        by: Actor::User,
                    },
                ),
            ],
            Self::WelcomeEmail => vec![
                e(0, sign_up("Nadia", "Haddad", "nadia@exemple.fr")),
                e(
                    1800,
                    Change::AdminCreate {
                        user: "Marc",
                        first: "Marc",
                        last: "Petit",
                        email: "marc@association.fr",
                    },
                ),
            ],
            Self::TwoApps => vec![
                e(0, sign_up("Lucie", "Moreau", "lucie@exemple.fr")),
                e(
                    H,
                    Change::SecondApp {
                        down: Some((2 * H, 4 * H)),
                    },
                ),
                e(H + 1800, sign_up("Hugo", "Lefèvre", "hugo@exemple.fr")),
                e(
                    2 * H + 600,
                    Change::Edit {
                        user: "Hugo",
                        by: Actor::Admin,
                        first: "Hugo",
                        last: "Lefèvre-Blanc",
                    },
                ),
                e(2 * H + 1200, sign_up("Sam", "Girard", "sam@exemple.fr")),
                e(
                    2 * H + 2400,
                    Change::Delete {
                        user: "Sam",
                        by: Actor::User,
                    },
                ),
            ],
            Self::Duplicates => vec![
                e(0, sign_up("Léo", "Garnier", "leo@exemple.fr")),
                e(
                    300,
                    Change::Edit {
                        user: "Léo",
                        by: Actor::User,
                        first: "Léo",
                        last: "Garnier-Petit",
                    },
                ),
                e(600, sign_up("Chloé", "Fabre", "chloe@exemple.fr")),
                e(
                    1200,
                    Change::Delete {
                        user: "Chloé",
                        by: Actor::Admin,
                    },
                ),
            ],
            Self::OutOfOrder => vec![
                e(0, sign_up("Zoé", "Roux", "zoe@ancien.fr")),
                e(
                    60,
                    Change::Edit {
                        user: "Zoé",
                        by: Actor::User,
                        first: "Zoé",
                        last: "Roux-Martin",
                    },
                ),
                e(
                    120,
                    Change::EmailChange {
                        user: "Zoé",
                        by: Actor::User,
                        email: "zoe@nouveau.fr",
                    },
                ),
                e(180, sign_up("Yann", "Colin", "yann@exemple.fr")),
                e(
                    240,
                    Change::Delete {
                        user: "Yann",
                        by: Actor::Admin,
                    },
                ),
            ],
            Self::RetryStorm => vec![
                e(0, sign_up("Alice", "Dupont", "alice@exemple.fr")),
                e(
                    600,
                    Change::Edit {
                        user: "Alice",
                        by: Actor::User,
                        first: "Alice",
                        last: "Dupont-Roy",
                    },
                ),
                e(1200, Change::SendExample),
                e(1500, sign_up("Bob", "Marchand", "bob@exemple.fr")),
                e(3 * H, Change::SignIn { user: "Alice" }),
            ],
            Self::EndpointDown => vec![
                e(0, sign_up("Julie", "Faure", "julie@exemple.fr")),
                e(
                    1800,
                    Change::Edit {
                        user: "Julie",
                        by: Actor::Admin,
                        first: "Julie",
                        last: "Faure-Nguyen",
                    },
                ),
                e(
                    H,
                    Change::EmailChange {
                        user: "Julie",
                        by: Actor::User,
                        email: "julie@nouveau.fr",
                    },
                ),
                e(H + 1800, sign_up("Paul", "Roche", "paul@exemple.fr")),
            ],
        }
    }
}

fn sign_up(user: &'static str, last: &'static str, email: &'static str) -> Change {
    Change::SignUp {
        user,
        first: user,
        last,
        email,
    }
}
