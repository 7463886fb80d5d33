// Example script: sign in with a token, list specialties, subscribe to changes,
// create one, and wait for its own change event.
//   MAS_URL=http://127.0.0.1:4000 MAS_USERNAME=admin MAS_PASSWORD=… npx tsx packages/api/scripts/example.ts
import { createMasClient } from '../src/client.ts';

const url = process.env.MAS_URL ?? 'http://127.0.0.1:4000';
const username = process.env.MAS_USERNAME ?? 'admin';
const password = process.env.MAS_PASSWORD;
if (!password) throw new Error('Set MAS_PASSWORD');

const anonymous = createMasClient({ url });
const { token, user } = await anonymous.auth.login.mutate({ username, password, mode: 'token' });
anonymous.close();
if (!token) throw new Error('no token returned');
console.log(`signed in as ${user.username} (${user.roleName})`);

const mas = createMasClient({ url, token });
const page = await mas.specialty.list.query({ perPage: 5 });
console.log(`${page.total} specialties; first page: ${page.items.map((s) => s.name).join(', ') || '(none)'}`);

const name = `Example ${new Date().toISOString()}`;
const received = new Promise<string>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no change event within 10 s')), 10_000);
  const subscription = mas.specialty.onChange.subscribe(undefined, {
    onStarted: () => void mas.specialty.create.mutate({ name, description: 'created by the example script' }),
    onData: ({ id, data }) => {
      if (data.item?.name === name) {
        clearTimeout(timer);
        subscription.unsubscribe();
        resolve(`${data.type} ${data.item.name} (event ${id})`);
      }
    },
    onError: reject,
  });
});
console.log(`received: ${await received}`);
mas.close();
