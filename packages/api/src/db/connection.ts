import mongoose from 'mongoose';

// Query filters never take operators from input ({ $gt: '' } becomes a literal),
// and a filter on an unknown path is a bug, not an empty result.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');
// Indexes are built explicitly (and awaited) in connectDatabase, not lazily per model.
mongoose.set('autoIndex', false);

export async function connectDatabase(
  uri: string,
  dbName: string,
  options: { monitorCommands?: boolean } = {},
): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    dbName,
    serverSelectionTimeoutMS: 5000,
    // Fail fast while the server is away instead of queueing requests forever.
    bufferCommands: false,
    // Command events for db/census.ts (the scan-budget tests and the benchmark); off otherwise.
    monitorCommands: options.monitorCommands ?? false,
  });
  // Indexes carry the invariants (uniqueness, bed claims): build them before serving.
  await Promise.all(Object.values(mongoose.models).map((model) => model.createIndexes()));
  return mongoose;
}

export async function isDatabaseUp(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await db.admin().command({ ping: 1 }, { timeoutMS: 1000 });
    return true;
  } catch {
    return false;
  }
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
