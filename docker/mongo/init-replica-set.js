/* global rs, db, quit -- mongosh shell globals */
// Health check of the `mongo` service (mongosh --file): initiates the single-node
// replica set `rs0` the first time, then reports healthy only while this node is
// the writable primary. Idempotent: after the first run it only checks.
// The member is named `mongo:27017`, the name every container of the stack resolves.
try {
  rs.status();
} catch (error) {
  if (error.codeName !== 'NotYetInitialized') throw error;
  rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo:27017' }] });
}
if (!db.hello().isWritablePrimary) quit(1);
