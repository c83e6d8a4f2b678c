import { Random } from './prng';

export type SeedSize = 'full' | 'small';
export const SEED_SIZES = ['full', 'small', 'none'] as const;

type Kind = 'MUNICIPALITY' | 'BOARD' | 'CORPORATION' | 'DEPARTMENT' | 'UNIT';
type Perspective = 'RESIDENTS' | 'EMPLOYEES' | 'ECONOMY' | 'DEVELOPMENT';

export interface PlannedUnit {
  code: string;
  name: string;
  kind: Kind;
  parentCode: string | null;
}

export interface PlannedEmployee {
  key: string;
  unitCode: string;
  firstName: string;
  lastName: string;
  email: string;
  title: string;
  fte: number;
  startDate: string;
  /** manages the unit they are placed in */
  manages: boolean;
  sickLeave: Array<{ from: string; to: string; percent: number }>;
  /** 0 none, 1 drafted, 2 signed by the employee, 3 signed by both */
  agreement: 0 | 1 | 2 | 3;
}

export interface PlannedGoal {
  key: string;
  title: string;
  perspective: Perspective;
  ownerCode: string;
  parentKey: string | null;
}

export interface PlannedIndicator {
  key: string;
  name: string;
  unitOfMeasure: string;
  ownerCode: string;
  goalKey: string | null;
  source: 'MANUAL' | 'HR_SICK_LEAVE_RATE' | 'FINANCE_DEVIATION_PERCENT' | 'HR_AGREEMENT_COVERAGE';
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  target: number;
  warningThreshold: number;
  /** MANUAL only: values by month */
  values: Array<{ month: string; value: number }>;
}

export interface PlannedBudget {
  unitCode: string;
  year: number;
  lines: Array<{ accountCode: string; amount: number }>;
}

export interface SeedPlan {
  size: SeedSize;
  vision: string;
  termStartYear: number;
  units: PlannedUnit[];
  employees: PlannedEmployee[];
  goals: PlannedGoal[];
  activities: Array<{ goalKey: string; title: string; ownerCode: string; dueDate: string }>;
  indicators: PlannedIndicator[];
  accounts: Array<{ code: string; name: string; kind: 'COST' | 'REVENUE' }>;
  budgets: PlannedBudget[];
  /** months with actuals, oldest first: every month of last year and this year before `today`'s */
  actualMonths: string[];
  /** per unit: the months it forecast */
  forecasts: Array<{ unitCode: string; month: string; factor: number }>;
}

const BOARDS: Array<[string, string, string[]]> = [
  ['KS', 'Kommunstyrelsen', ['Ekonomiavdelningen', 'HR-avdelningen', 'Kommunikationsavdelningen', 'Digitaliseringsavdelningen', 'Kansliavdelningen']],
  ['BUN', 'Barn- och utbildningsnämnden', ['Förskoleverksamheten', 'Grundskolan norr', 'Grundskolan söder', 'Gymnasieskolan', 'Elevhälsan']],
  ['VON', 'Vård- och omsorgsnämnden', ['Äldreboenden', 'Hemtjänsten', 'Hemsjukvården', 'Funktionsstöd', 'Biståndsenheten']],
  ['SN', 'Socialnämnden', ['Barn och familj', 'Vuxenenheten', 'Försörjningsstöd', 'Mottagningen', 'Boendeenheten']],
  ['KFN', 'Kultur- och fritidsnämnden', ['Biblioteken', 'Fritidsgårdarna', 'Idrottsanläggningarna', 'Kulturskolan', 'Museet']],
  ['SBN', 'Stadsbyggnadsnämnden', ['Bygglovsenheten', 'Planenheten', 'Lantmäteriet', 'Gatuenheten', 'Parkenheten']],
  ['MRN', 'Miljö- och räddningstjänstnämnden', ['Miljötillsynen', 'Livsmedelskontrollen', 'Räddningstjänsten väst', 'Räddningstjänsten öst', 'Förebyggande enheten']],
  ['AVN', 'Arbetsmarknads- och vuxenutbildningsnämnden', ['Vuxenutbildningen', 'Arbetsmarknadsenheten', 'SFI', 'Jobbcentrum', 'Daglig verksamhet']],
];
const CORPORATIONS: Array<[string, string, string[]]> = [
  ['ENE', 'Kommunens Energi AB', ['Elnät', 'Fjärrvärme']],
  ['BOS', 'Kommunens Bostäder AB', ['Förvaltning', 'Uthyrning']],
  ['FAS', 'Kommunens Fastigheter AB', ['Lokalförvaltning', 'Projekt']],
  ['LOG', 'Kommunens Logistik AB', ['Transporter', 'Lager']],
  ['VAT', 'Kommunens Vatten AB', ['Vattenverket', 'Avloppsreningen']],
];
const UNIT_NAMES: Record<string, string[]> = {
  BUN: ['förskola', 'skola'],
  VON: ['äldreboende', 'hemtjänstgrupp'],
  KFN: ['bibliotek', 'fritidsgård'],
};
const PLACES = ['Ängen', 'Björken', 'Eken', 'Lunden', 'Skogsbacken', 'Torshälla', 'Hällby', 'Årby', 'Fröslunda', 'Skiftinge', 'Råbergstorp', 'Lagersberg', 'Kjula', 'Hållsta', 'Ärla', 'Sundbyholm', 'Stenby', 'Nyby', 'Mesta', 'Gillberga'];
const FIRST = ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Emma', 'Lena', 'Elin', 'Ida', 'Sofia', 'Linnéa', 'Maja', 'Fatima', 'Amira', 'Johan', 'Erik', 'Lars', 'Anders', 'Karl', 'Peter', 'Mikael', 'Ali', 'Oskar', 'Ahmed', 'Nils', 'Emil', 'Jonas', 'Per', 'Hanna', 'Ebba'];
const LAST = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Pettersson', 'Jonsson', 'Jansson', 'Hansson', 'Bengtsson', 'Lindberg', 'Lindqvist', 'Berg', 'Holm', 'Mohammed', 'Ali', 'Ahmed', 'Virtanen', 'Korhonen', 'Lundgren'];
const TITLES = ['Handläggare', 'Undersköterska', 'Lärare', 'Förskollärare', 'Barnskötare', 'Sjuksköterska', 'Ingenjör', 'Bibliotekarie', 'Socialsekreterare', 'Administratör', 'Brandman', 'Vårdbiträde', 'Specialist', 'Tekniker'];
const GOALS: Array<[Perspective, string]> = [
  ['RESIDENTS', 'Alla barn och unga ska lyckas i skolan'],
  ['RESIDENTS', 'Äldre ska känna sig trygga med sin omsorg'],
  ['RESIDENTS', 'Fler invånare ska vara självförsörjande'],
  ['RESIDENTS', 'Ett rikt kultur- och fritidsliv för alla'],
  ['EMPLOYEES', 'En hälsosam arbetsplats med låg sjukfrånvaro'],
  ['EMPLOYEES', 'Kommunen ska vara en attraktiv arbetsgivare'],
  ['EMPLOYEES', 'Alla medarbetare ska ha en överenskommelse om sina mål'],
  ['ECONOMY', 'Verksamheterna ska hålla sin budget'],
  ['ECONOMY', 'God ekonomisk hushållning över mandatperioden'],
  ['ECONOMY', 'Effektivare lokalanvändning'],
  ['DEVELOPMENT', 'Digitala tjänster som invånarna vill använda'],
  ['DEVELOPMENT', 'En hållbar och växande kommun'],
];
const COSTS = [
  'Löner tillsvidareanställda', 'Löner visstidsanställda', 'Arvoden', 'Sociala avgifter', 'Pensionskostnader', 'Övriga personalkostnader', 'Utbildning', 'Friskvård', 'Lokalhyror', 'El', 'Värme', 'Vatten och avlopp',
  'Städning', 'Reparationer', 'Inventarier', 'IT-utrustning', 'Licenser', 'Telefoni', 'Förbrukningsmaterial', 'Livsmedel', 'Läromedel', 'Medicinskt material', 'Kontorsmaterial', 'Trycksaker', 'Annonsering',
  'Resor', 'Fordon', 'Drivmedel', 'Försäkringar', 'Konsulttjänster', 'Köpt verksamhet', 'Köpta platser', 'Bidrag till föreningar', 'Försörjningsstöd', 'Avskrivningar', 'Räntekostnader', 'Representation',
  'Porto', 'Bevakning', 'Avfallshantering', 'Snöröjning', 'Markskötsel', 'Kapitaltjänst', 'Interna tjänster', 'Övriga kostnader',
];
const REVENUES = ['Taxor och avgifter', 'Hyresintäkter', 'Statsbidrag', 'EU-bidrag', 'Försäljning av tjänster', 'Försäljning av material', 'Interna intäkter', 'Ersättningar', 'Måltidsavgifter', 'Barnomsorgsavgifter', 'Hemtjänstavgifter', 'Bygglovsavgifter', 'Tillsynsavgifter', 'Entréavgifter', 'Övriga intäkter'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (d: Date) => d.toISOString().slice(0, 10);
const monthOf = (year: number, m: number) => `${year}-${pad(m)}`;
const lastDay = (month: string) => iso(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)));
const ascii = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');

/** How big each size is: `full` is a municipality of Eskilstuna's size, `small` a slice for tests. */
const SIZES = {
  full: { boards: 8, corporations: 5, departmentsPerBoard: 5, departmentsPerCorporation: 2, unitsPerBoardDepartment: 7, unitsPerCorporationDepartment: 5, employees: 8_500 },
  small: { boards: 3, corporations: 1, departmentsPerBoard: 2, departmentsPerCorporation: 1, unitsPerBoardDepartment: 2, unitsPerCorporationDepartment: 1, employees: 150 },
} as const;

/**
 * The demo municipality, decided before anything is written: the same `seed` and `today` give the
 * same plan. `today` bounds the data: actuals and measurements up to last month.
 */
export function planMunicipality(size: SeedSize, today: Date, seed = 2026): SeedPlan {
  const r = new Random(seed);
  const s = SIZES[size];
  const year = today.getUTCFullYear();
  const currentMonth = today.getUTCMonth() + 1;
  const units: PlannedUnit[] = [{ code: 'ESK', name: 'Eskilstuna kommun', kind: 'MUNICIPALITY', parentCode: null }];
  const add = (unit: PlannedUnit) => (units.push(unit), unit);
  const organisations = [...BOARDS.slice(0, s.boards).map((b) => ({ b, kind: 'BOARD' as const })), ...CORPORATIONS.slice(0, s.corporations).map((b) => ({ b, kind: 'CORPORATION' as const }))];
  for (const { b: [code, name, departments], kind } of organisations) {
    add({ code, name, kind, parentCode: 'ESK' });
    const deptCount = kind === 'BOARD' ? s.departmentsPerBoard : s.departmentsPerCorporation;
    departments.slice(0, deptCount).forEach((deptName, d) => {
      const deptCode = `${code}-${d + 1}`;
      add({ code: deptCode, name: deptName, kind: 'DEPARTMENT', parentCode: code });
      const perDept = kind === 'BOARD' ? s.unitsPerBoardDepartment : s.unitsPerCorporationDepartment;
      for (let u = 1; u <= perDept; u += 1) {
        const kinds = UNIT_NAMES[code];
        const place = PLACES[(d * 7 + u * 3 + code.length) % PLACES.length] as string;
        const unitName = kinds ? `${place}s ${kinds[u % kinds.length]}` : `${deptName} ${place}`;
        add({ code: `${deptCode}-${pad(u)}`, name: unitName, kind: 'UNIT', parentCode: deptCode });
      }
    });
  }

  // one manager for every unit, hired into it; everyone else spread over the UNITs
  const employees: PlannedEmployee[] = [];
  const leaves = units.filter((u) => u.kind === 'UNIT');
  const startOf = () => iso(new Date(Date.UTC(r.int(2005, year - 1), r.int(0, 11), 1)));
  const sickLeave = (startDate: string) => {
    const spells: PlannedEmployee['sickLeave'] = [];
    if (!r.chance(0.3)) return spells;
    const count = r.int(1, 3);
    const used = new Set<number>();
    for (let i = 0; i < count; i += 1) {
      const m = r.int(1, Math.max(1, currentMonth - 1));
      if (used.has(m)) continue;
      used.add(m);
      const from = `${monthOf(year, m)}-${pad(r.int(1, 18))}`;
      if (from < startDate) continue;
      const days = r.chance(0.85) ? r.int(1, 7) : r.int(8, 28);
      const to = iso(new Date(Date.parse(from) + (days - 1) * 86_400_000));
      if (to > lastDay(monthOf(year, m))) continue;
      spells.push({ from, to, percent: r.pick([100, 100, 100, 50, 25, 75]) });
    }
    return spells;
  };
  const hire = (unitCode: string, manages: boolean) => {
    const n = employees.length + 1;
    const firstName = r.pick(FIRST);
    const lastName = r.pick(LAST);
    const startDate = startOf();
    const roll = r.next();
    employees.push({
      key: `e${n}`,
      unitCode,
      firstName,
      lastName,
      email: `${ascii(firstName)}.${ascii(lastName)}.${n}@eskilstuna.example`,
      title: manages ? 'Chef' : r.pick(TITLES),
      fte: manages ? 1 : r.pick([1, 1, 1, 1, 0.75, 0.8, 0.5]),
      startDate,
      manages,
      sickLeave: sickLeave(startDate),
      // most have an agreement; most of those are signed by both
      agreement: roll < 0.1 ? 0 : roll < 0.2 ? 1 : roll < 0.3 ? 2 : 3,
    });
  };
  for (const unit of units) hire(unit.code, true);
  for (let i = employees.length; i < s.employees; i += 1) hire((leaves[i % leaves.length] as PlannedUnit).code, false);

  // the term's goals cascade: municipality → each board (or corporation) → one unit in each department
  const goals: PlannedGoal[] = [];
  const activities: SeedPlan['activities'] = [];
  GOALS.forEach(([perspective, title], g) => goals.push({ key: `g${g + 1}`, title, perspective, ownerCode: 'ESK', parentKey: null }));
  for (const { b: [code, name] } of organisations) {
    // a goal of its own choosing, then the healthy workplace (g5) and the budget (g8) every board shares
    const own = [0, 1, 2, 3, 5, 6, 8, 9, 10, 11][(code.charCodeAt(0) + code.charCodeAt(1)) % 10] as number;
    const parents = [goals[own], goals[4], goals[7]] as PlannedGoal[];
    parents.forEach((parent, i) => {
      const key = `${code}-g${i + 1}`;
      goals.push({ key, title: `${name}: ${parent.title.toLowerCase()}`, perspective: parent.perspective, ownerCode: code, parentKey: parent.key });
      activities.push({ goalKey: key, title: `Handlingsplan ${i + 1} för ${name}`, ownerCode: code, dueDate: `${year}-${pad(r.int(3, 12))}-28` });
    });
  }
  for (const unit of leaves) {
    const board = unit.code.split('-')[0] as string;
    goals.push({ key: `${unit.code}-g`, title: `${unit.name}: en hälsosam arbetsplats`, perspective: 'EMPLOYEES', ownerCode: unit.code, parentKey: `${board}-g2` });
  }

  const indicators: PlannedIndicator[] = [];
  const monthsThisYear = Array.from({ length: Math.max(0, currentMonth - 1) }, (_, i) => monthOf(year, i + 1));
  for (const { b: [code, name] } of organisations) {
    indicators.push({ key: `${code}-sick`, name: `Sjukfrånvaro ${name}`, unitOfMeasure: '%', ownerCode: code, goalKey: `${code}-g2`, source: 'HR_SICK_LEAVE_RATE', direction: 'LOWER_IS_BETTER', target: 6, warningThreshold: 8, values: [] });
    indicators.push({ key: `${code}-budget`, name: `Budgetavvikelse ${name}`, unitOfMeasure: '%', ownerCode: code, goalKey: `${code}-g3`, source: 'FINANCE_DEVIATION_PERCENT', direction: 'HIGHER_IS_BETTER', target: 0, warningThreshold: -2, values: [] });
    indicators.push({ key: `${code}-agreements`, name: `Överenskommelser ${name}`, unitOfMeasure: '%', ownerCode: code, goalKey: null, source: 'HR_AGREEMENT_COVERAGE', direction: 'HIGHER_IS_BETTER', target: 90, warningThreshold: 75, values: [] });
  }
  for (const unit of leaves) {
    indicators.push({ key: `${unit.code}-sick`, name: 'Sjukfrånvaro', unitOfMeasure: '%', ownerCode: unit.code, goalKey: `${unit.code}-g`, source: 'HR_SICK_LEAVE_RATE', direction: 'LOWER_IS_BETTER', target: 6, warningThreshold: 8, values: [] });
    const satisfied = r.around(82, 0.08);
    indicators.push({
      key: `${unit.code}-nki`,
      name: 'Nöjda brukare',
      unitOfMeasure: '%',
      ownerCode: unit.code,
      goalKey: null,
      source: 'MANUAL',
      direction: 'HIGHER_IS_BETTER',
      target: 80,
      warningThreshold: 70,
      // a few owners never report last month: the reminders have someone to remind
      values: monthsThisYear.filter((m, i) => i < monthsThisYear.length - 1 || r.chance(0.8)).map((month) => ({ month, value: Math.round(r.around(satisfied, 0.1) * 10) / 10 })),
    });
  }

  const accounts = [...COSTS.map((name, i) => ({ code: String(5010 + i * 10), name, kind: 'COST' as const })), ...REVENUES.map((name, i) => ({ code: String(3010 + i * 10), name, kind: 'REVENUE' as const }))];
  const staff = new Map<string, number>();
  for (const e of employees) staff.set(e.unitCode, (staff.get(e.unitCode) ?? 0) + 1);
  const budgets: PlannedBudget[] = [];
  for (const unit of leaves) {
    const people = staff.get(unit.code) ?? 1;
    const salaries = Math.round(people * r.around(560_000, 0.1));
    for (const y of [year - 1, year]) {
      const grow = y === year ? 1.03 : 1;
      budgets.push({
        unitCode: unit.code,
        year: y,
        lines: [
          { accountCode: '5010', amount: Math.round(salaries * grow) },
          { accountCode: '5040', amount: Math.round(salaries * 0.31 * grow) },
          { accountCode: '5090', amount: Math.round(people * 60_000 * grow) },
          { accountCode: '5190', amount: Math.round(people * 15_000 * grow) },
          { accountCode: '5310', amount: Math.round(people * 20_000 * grow) },
          { accountCode: '3010', amount: Math.round(people * 25_000 * grow) },
        ],
      });
    }
  }
  const actualMonths = [...Array.from({ length: 12 }, (_, i) => monthOf(year - 1, i + 1)), ...monthsThisYear];
  const forecasts: SeedPlan['forecasts'] = [];
  for (const unit of leaves) {
    const factor = r.around(1.01, 0.04);
    for (const month of monthsThisYear) {
      const last = month === monthsThisYear.at(-1);
      // quarterly, and last month by most units (the rest get a reminder)
      if ((Number(month.slice(5)) % 3 === 0 && !last) || (last && r.chance(0.85))) forecasts.push({ unitCode: unit.code, month, factor });
    }
  }

  return {
    size,
    vision: 'Eskilstuna – den stolta Fristaden, där människor växer och utvecklas.',
    // terms of office start the year after an election: 2023, 2027, …
    termStartYear: year - ((((year - 2023) % 4) + 4) % 4),
    units,
    employees,
    goals,
    activities,
    indicators,
    accounts,
    budgets,
    actualMonths,
    forecasts,
  };
}
