import mongoose from 'mongoose';
import { afterAll, expect, it, vi } from 'vitest';
import { User } from '../src/domains/users/model.ts';
import { Role } from '../src/domains/roles/model.ts';
import { Disability } from '../src/domains/disabilities/model.ts';
import { startApiServer, type ApiServer } from '../src/server.ts';
import { callerFor, testEnv } from './helpers.ts';

let server: ApiServer | undefined;
afterAll(async () => {
  await mongoose.connection.db?.dropDatabase();
  await server?.close();
});

it('creates the built-in roles, the None disability and a Superadmin whose generated password is printed once and must be changed', async () => {
  const printed: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
  const env = testEnv({ MAS_ADMIN_USERNAME: 'root', MAS_ADMIN_PASSWORD: '' });
  server = await startApiServer(env);
  spy.mockRestore();

  expect((await Role.find({}).lean()).map((role) => role.name).sort()).toEqual(
    ['Administrator', 'Department Chief', 'Medical Staff', 'Patient', 'Superadmin', 'Technical'].sort(),
  );
  expect(await Disability.countDocuments({ nameKey: 'none' })).toBe(1);
  const admin = await User.findOne({ usernameKey: 'root' }).lean();
  expect(admin?.mustChangePassword).toBe(true);

  const password = /one-time password\s+(\S+)/.exec(printed.join(''))?.[1];
  expect(password).toMatch(/^[\w-]{16}$/);
  const { user } = await callerFor(server, null).auth.login({ username: 'root', password: password! });
  expect(user.mustChangePassword).toBe(true);

  // A second start neither creates another admin nor prints a password again.
  const again: string[] = [];
  const spy2 = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (again.push(String(chunk)), true));
  const { bootstrap } = await import('../src/bootstrap.ts');
  await bootstrap(server.deps);
  spy2.mockRestore();
  expect(await User.countDocuments({})).toBe(1);
  expect(again.join('')).not.toContain('one-time password');
});
