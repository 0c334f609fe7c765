// Une petite base SQLite avec une API à la Prisma (findUnique, create, update, upsert,
// delete, deleteMany), pour que le code du serveur ressemble à celui du module 3.
// Les erreurs imitent celles de Prisma : P2002 (doublon sur une clé unique) et
// P2025 (ligne à modifier ou à supprimer introuvable).
const path = require('node:path');
const Database = require('better-sqlite3');

const SCHEMA = `
CREATE TABLE IF NOT EXISTS "User" (
  "id"             TEXT PRIMARY KEY,
  "clerkId"        TEXT NOT NULL UNIQUE,
  "email"          TEXT,
  "firstName"      TEXT,
  "lastName"       TEXT,
  "imageUrl"       TEXT,
  "clerkUpdatedAt" INTEGER,
  "createdAt"      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS "WelcomeEmail" (
  "id"      INTEGER PRIMARY KEY AUTOINCREMENT,
  "clerkId" TEXT NOT NULL,
  "email"   TEXT,
  "sentAt"  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
`;

const USER_FIELDS = ['email', 'firstName', 'lastName', 'imageUrl', 'clerkUpdatedAt'];

class PrismaLikeError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// « file:./potagers.db » (comme DATABASE_URL chez Prisma) ou un simple chemin.
function resolvePath(url) {
  const file = url.startsWith('file:') ? url.slice('file:'.length) : url;
  return path.resolve(__dirname, file);
}

function openDatabase(url) {
  const file = resolvePath(url);
  const sqlite = new Database(file);
  sqlite.exec(SCHEMA);

  const findByClerkId = sqlite.prepare('SELECT * FROM "User" WHERE "clerkId" = ?');

  function insertUser(data) {
    const id = `usr_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    try {
      sqlite
        .prepare(
          `INSERT INTO "User" ("id", "clerkId", ${USER_FIELDS.map((f) => `"${f}"`).join(', ')})
           VALUES (?, ?, ${USER_FIELDS.map(() => '?').join(', ')})`,
        )
        .run(id, data.clerkId, ...USER_FIELDS.map((f) => data[f] ?? null));
    } catch (err) {
      if (err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new PrismaLikeError('P2002', `Unique constraint failed on the fields: (clerkId = ${data.clerkId})`);
      }
      throw err;
    }
    return findByClerkId.get(data.clerkId);
  }

  function updateUser(clerkId, data) {
    const fields = USER_FIELDS.filter((f) => f in data);
    const sets = fields.map((f) => `"${f}" = ?`).concat('"updatedAt" = CURRENT_TIMESTAMP');
    const info = sqlite
      .prepare(`UPDATE "User" SET ${sets.join(', ')} WHERE "clerkId" = ?`)
      .run(...fields.map((f) => data[f] ?? null), clerkId);
    return info.changes;
  }

  const user = {
    findUnique({ where }) {
      return findByClerkId.get(where.clerkId) ?? null;
    },
    create({ data }) {
      return insertUser(data);
    },
    update({ where, data }) {
      if (updateUser(where.clerkId, data) === 0) {
        throw new PrismaLikeError('P2025', 'Record to update not found.');
      }
      return findByClerkId.get(where.clerkId);
    },
    upsert({ where, create, update }) {
      // Une seule transaction : deux livraisons simultanées ne créent pas deux lignes.
      return sqlite.transaction(() => {
        if (updateUser(where.clerkId, update) === 0) {
          return insertUser({ ...create, clerkId: where.clerkId });
        }
        return findByClerkId.get(where.clerkId);
      })();
    },
    delete({ where }) {
      const info = sqlite.prepare('DELETE FROM "User" WHERE "clerkId" = ?').run(where.clerkId);
      if (info.changes === 0) {
        throw new PrismaLikeError('P2025', 'Record to delete does not exist.');
      }
      return { clerkId: where.clerkId };
    },
    deleteMany({ where } = {}) {
      // Comme Prisma : un where vide (ou un clerkId undefined) supprime TOUTES les lignes.
      if (!where || where.clerkId === undefined) {
        return { count: sqlite.prepare('DELETE FROM "User"').run().changes };
      }
      return { count: sqlite.prepare('DELETE FROM "User" WHERE "clerkId" = ?').run(where.clerkId).changes };
    },
  };

  const welcomeEmail = {
    findFirst({ where }) {
      return (
        sqlite.prepare('SELECT * FROM "WelcomeEmail" WHERE "clerkId" = ? LIMIT 1').get(where.clerkId) ?? null
      );
    },
    create({ data }) {
      const info = sqlite
        .prepare('INSERT INTO "WelcomeEmail" ("clerkId", "email") VALUES (?, ?)')
        .run(data.clerkId, data.email ?? null);
      return { id: Number(info.lastInsertRowid), ...data };
    },
  };

  return { file, user, welcomeEmail, close: () => sqlite.close() };
}

module.exports = { openDatabase };
