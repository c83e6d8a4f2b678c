import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '@performa/infra';
import { verifySignature } from '@performa/notifications';
import { codes, startStack, token, type Stack } from './harness';

// hr's clock: the last day of March 2026
const now = () => new Date('2026-03-31T12:00:00Z');
const MINE = `query { myNotifications { id kind title subjectId read } }`;

interface Note {
  id: string;
  kind: string;
  title: string;
  subjectId: string;
  read: boolean;
}

describe('notifications through the gateway: a RED light reaches the right manager and their webhook', () => {
  let stack: Stack;
  let admin: string;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const posts: Array<{ body: string; headers: IncomingMessage['headers'] }> = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ body: Buffer.concat(chunks).toString(), headers: req.headers });
      res.end('ok');
    });
  });
  const mine = async (who: string) => (await stack.gql<{ myNotifications: Note[] }>(MINE, {}, tokens[who])).data?.myNotifications ?? [];

  beforeAll(async () => {
    stack = await startStack('gw-notifications', { now });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    admin = await token(['ADMIN'], { sub: 'admin' });
    const unit = async (code: string, kind: string, parentId?: string) =>
      (await stack.gql<{ createOrgUnit: { id: string } }>(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { code, name: code, kind, parentId } }, admin)).data?.createOrgUnit.id as string;
    const hire = async (unitId: string, firstName: string) =>
      (
        await stack.gql<{ hireEmployee: { id: string } }>(
          `mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }`,
          { i: { unitId, firstName, lastName: 'Berg', email: `${firstName.toLowerCase()}@example.org`, fte: 1, startDate: '2026-01-01' } },
          admin,
        )
      ).data?.hireEmployee.id as string;
    ids.m = await unit('M', 'MUNICIPALITY');
    ids.b = await unit('VO', 'BOARD', ids.m);
    ids.u1 = await unit('VO-1', 'UNIT', ids.b);
    ids.u2 = await unit('VO-2', 'UNIT', ids.b);
    // the managers are employees: their employee id is their token's sub
    const managers = { anna: ids.u1, cecilia: ids.u2, bo: ids.b } as const;
    for (const [name, unitId] of Object.entries(managers)) {
      ids[name] = await hire(unitId, name);
      const set = await stack.gql(`mutation($i: SetOrgUnitManagerInput!) { setOrgUnitManager(input: $i) { id } }`, { i: { id: unitId, employeeId: ids[name] } }, admin);
      expect(set.errors).toBeUndefined();
      tokens[name] = await token(['MANAGER'], { sub: ids[name], units: [unitId] });
    }
    const manager = await stack.gql<{ orgUnit: { manager: { id: string; firstName: string } } }>(`query($id: ID!) { orgUnit(id: $id) { manager { id firstName } } }`, { id: ids.u1 }, admin);
    expect(manager.data?.orgUnit.manager).toEqual({ id: ids.anna, firstName: 'anna' });
    for (const n of [1, 2]) ids[`e${n}`] = await hire(ids.u1, `Staff${n}`);
    const executive = await token(['EXECUTIVE'], { sub: 'director', units: [ids.m] });
    const created = await stack.gql<{ createIndicator: { id: string } }>(
      `mutation($i: CreateIndicatorInput!) { createIndicator(input: $i) { id } }`,
      { i: { name: 'Sjukfrånvaro', unitOfMeasure: '%', ownerId: ids.u1, source: 'HR_SICK_LEAVE_RATE', direction: 'LOWER_IS_BETTER', target: 5, warningThreshold: 7 } },
      executive,
    );
    ids.sick = created.data?.createIndicator.id as string;
    // notifications knows the units' managers and the indicator's name
    await eventually(() => stack.notifications.deps.models.OrgUnit.find().lean(), (l) => l.filter((u) => u.managerId).length === 3, "notifications' projection of the managers");
    await eventually(() => stack.notifications.deps.models.Indicator.findById(ids.sick).lean(), (i) => i?.name === 'Sjukfrånvaro', "notifications' projection of the indicator");
  });
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it("shows the unit's manager a RED sick-leave light and POSTs it once, signed, to her webhook; another unit's manager sees nothing", async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/performa`;
    const registered = await stack.gql<{ registerWebhook: string }>(`mutation($u: String!) { registerWebhook(input: { url: $u, kinds: ["INDICATOR_LIGHT"] }) }`, { u: url }, tokens.anna);
    expect(registered.errors).toBeUndefined();
    const webhookId = registered.data?.registerWebhook as string;
    const secret = (await stack.gql<{ revealWebhookSecret: string }>(`mutation($id: ID!) { revealWebhookSecret(id: $id) }`, { id: webhookId }, tokens.anna)).data?.revealWebhookSecret as string;

    // 10 sick days of 3 employees × 31 days in March = 10.75 %: RED (warning at 7 %)
    const started = Date.now();
    const reported = await stack.gql(`mutation($i: ReportSickLeaveInput!) { reportSickLeave(input: $i) { id } }`, { i: { employeeId: ids.e1, from: '2026-03-01', to: '2026-03-10', percent: 100 } }, admin);
    expect(reported.errors).toBeUndefined();
    const anna = await eventually(() => mine('anna'), (l) => l.some((n) => n.kind === 'INDICATOR_LIGHT'), "anna's notification of the RED light");
    process.stdout.write(`sick leave in hr → notification through the gateway in ${Date.now() - started} ms (recorded, not asserted)\n`);
    expect(anna).toEqual([{ id: expect.any(String), kind: 'INDICATOR_LIGHT', title: 'Sjukfrånvaro is RED for VO-1 (2026-03)', subjectId: ids.sick, read: false }]);
    // the board's manager hears of it too; the sibling unit's manager does not
    expect(await eventually(() => mine('bo'), (l) => l.length === 1, "bo's notification")).toMatchObject([{ kind: 'INDICATOR_LIGHT', subjectId: ids.sick }]);
    expect(await mine('cecilia')).toEqual([]);
    // and no one can read or mark another's notification
    const stolen = await stack.gql(`mutation($id: ID!) { markNotificationRead(input: { id: $id }) { id } }`, { id: anna[0]?.id }, tokens.cecilia);
    expect(codes(stolen)).toEqual(['NOT_FOUND']);

    const delivered = await eventually(
      async () => (await stack.gql<{ myWebhooks: Array<{ deliveries: Array<{ status: string; attempts: number }> }> }>(`{ myWebhooks { deliveries { status attempts } } }`, {}, tokens.anna)).data?.myWebhooks[0]?.deliveries,
      (d) => d?.[0]?.status === 'DELIVERED',
      'the webhook delivery',
    );
    expect(delivered).toEqual([{ status: 'DELIVERED', attempts: 1 }]);
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(verifySignature(secret, post?.body ?? '', post?.headers['x-performa-signature'] as string)).toBe(true);
    expect(JSON.parse(post?.body ?? '{}')).toMatchObject({ webhookId, notification: { id: anna[0]?.id, kind: 'INDICATOR_LIGHT', title: 'Sjukfrånvaro is RED for VO-1 (2026-03)', recipient: ids.anna } });

    const read = await stack.gql<{ markNotificationRead: { read: boolean } }>(`mutation($id: ID!) { markNotificationRead(input: { id: $id }) { read } }`, { id: anna[0]?.id }, tokens.anna);
    expect(read.data?.markNotificationRead.read).toBe(true);
    expect((await stack.gql<{ myNotifications: Note[] }>(`{ myNotifications(unreadOnly: true) { id } }`, {}, tokens.anna)).data?.myNotifications).toEqual([]);
  });
});
