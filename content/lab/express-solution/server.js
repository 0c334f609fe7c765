// Potagers : l'endpoint de webhooks Clerk du module 3, en Express.
// Il vérifie la signature Svix avec verifyWebhook de @clerk/express, puis garde la table
// User synchronisée avec Clerk et envoie un e-mail de bienvenue (enregistré dans la
// table WelcomeEmail) à chaque nouvel utilisateur.
//
// Le projet de départ du labo contient sept bugs volontaires, un par exercice, chacun
// marqué « EXERCICE n » ; « webhook-tutor lab » démarre ce serveur, l'évalue, et
// recommence à chaque enregistrement.
const express = require('express');
const { verifyWebhook } = require('@clerk/express/webhooks');
const { openDatabase } = require('./db');

const PORT = Number(process.env.PORT || 3000);
const db = openDatabase(process.env.DATABASE_URL || 'file:./potagers.db');
const app = express();


function primaryEmail(data) {
  // L'adresse principale est celle dont l'id vaut primary_email_address_id.
  const primary = (data.email_addresses ?? []).find((e) => e.id === data.primary_email_address_id);
  return primary?.email_address ?? null;
}

function userFields(data) {
  return {
    email: primaryEmail(data),
    firstName: data.first_name ?? null,
    lastName: data.last_name ?? null,
    imageUrl: data.image_url ?? null,
    clerkUpdatedAt: data.updated_at ?? null,
  };
}

// Pour de vrai, un appel à Resend, Postmark… Ici, une ligne dans WelcomeEmail.
function sendWelcomeEmail(clerkId, email) {
  db.welcomeEmail.create({ data: { clerkId, email } });
  console.log(`E-mail de bienvenue envoyé à ${email ?? clerkId}`);
}

// Clerk ne garantit pas l'ordre : un événement plus ancien que la ligne est ignoré.
function isStale(clerkId, updatedAt) {
  const existing = db.user.findUnique({ where: { clerkId } });
  return Boolean(existing && updatedAt && existing.clerkUpdatedAt > updatedAt);
}

// Renvoie [statut HTTP, corps] pour un événement vérifié.
function handleEvent(evt) {
  const data = evt.data;
  switch (evt.type) {
    case 'user.created': {
      // Svix peut livrer deux fois le même message : un seul e-mail par utilisateur.
      if (!db.welcomeEmail.findFirst({ where: { clerkId: data.id } })) {
        sendWelcomeEmail(data.id, primaryEmail(data));
      }
      if (isStale(data.id, data.updated_at)) return [200, { ignored: 'événement plus ancien' }];
      // Un upsert : une deuxième livraison du même événement met la ligne à jour.
      const fields = userFields(data);
      db.user.upsert({ where: { clerkId: data.id }, create: fields, update: fields });
      return [200, { synced: data.id }];
    }
    case 'user.updated': {
      if (isStale(data.id, data.updated_at)) return [200, { ignored: 'événement plus ancien' }];
      // Un upsert aussi : le user.updated peut arriver avant le user.created.
      const fields = userFields(data);
      db.user.upsert({ where: { clerkId: data.id }, create: fields, update: fields });
      return [200, { synced: data.id }];
    }
    case 'user.deleted': {
      // deleteMany ne lève pas d'erreur pour un id inconnu ; sans id, il viderait la table.
      if (!data.id) return [400, { error: 'user.deleted sans id' }];
      db.user.deleteMany({ where: { clerkId: data.id } });
      return [200, { deleted: data.id }];
    }
    default:
      // Un 2xx : sinon Svix relance l'événement pendant des jours, puis désactive l'endpoint.
      console.log(`Événement ignoré : ${evt.type}`);
      return [200, { ignored: evt.type }];
  }
}

// express.raw refuse par défaut les corps de plus de 100 Ko (413) : un utilisateur aux
// métadonnées fournies les dépasse.
app.post('/api/webhooks', express.raw({ type: 'application/json', limit: '1mb' }), async (req, res) => {
  let evt;
  try {
    evt = await verifyWebhook(req);
  } catch (err) {
    console.error(`Webhook refusé : ${err.message}`);
    return res.status(400).json({ error: 'signature invalide' });
  }
  try {
    const [status, body] = handleEvent(evt);
    return res.status(status).json(body);
  } catch (err) {
    console.error(`Erreur en traitant ${evt.type} : ${err.code ?? ''} ${err.message}`);
    return res.status(500).json({ error: 'erreur interne' });
  }
});

// Les autres routes de l'application lisent du JSON : après la route du webhook, pour
// que verifyWebhook reçoive le corps brut, octet pour octet.
app.use(express.json());

app.get('/', (req, res) => {
  res.json({ app: 'potagers', webhooks: '/api/webhooks' });
});

app.listen(PORT, '127.0.0.1', () => {
  console.log(`Potagers écoute sur http://127.0.0.1:${PORT} (webhooks : /api/webhooks)`);
});
