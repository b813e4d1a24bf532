/**
 * Deterministic generator of Italian physiotherapy-like documents, chunks and questions for the
 * benchmark. Words are drawn from the lists below with a Zipf-like skew, so a few terms occur in
 * many chunks and most terms in few, as in real teaching material.
 */

const REGIONS = [
  'lombare',
  'cervicale',
  'dorsale',
  'della spalla',
  'del ginocchio',
  "dell'anca",
  'della caviglia',
  'del gomito',
  'del polso',
  'della mano',
  'del piede',
  'sacroiliaca',
  'temporo-mandibolare',
  'del rachide',
  'pelvica',
  'della colonna',
  'scapolare',
  'rotulea',
  'achillea',
  'plantare',
];

const CONDITIONS = [
  'lombalgia aspecifica',
  'cervicalgia cronica',
  'tendinopatia rotulea',
  'capsulite adesiva',
  'sindrome del tunnel carpale',
  'epicondilalgia laterale',
  'fascite plantare',
  'distorsione laterale di caviglia',
  'lesione del legamento crociato anteriore',
  'gonartrosi',
  'coxartrosi',
  'spondilolistesi',
  'ernia discale',
  'sindrome da impingement subacromiale',
  'tendinopatia achillea',
  'lesione della cuffia dei rotatori',
  'colpo di frusta',
  'scoliosi idiopatica',
  'incontinenza urinaria da sforzo',
  'esiti di ictus',
  'protesi totale di ginocchio',
  'protesi totale di anca',
  'frattura di polso',
  'instabilità di spalla',
  'radicolopatia lombare',
  'sindrome femoro-rotulea',
  'fibromialgia',
  'osteoporosi',
  'artrite reumatoide',
  'sindrome del piriforme',
  'borsite trocanterica',
  'tendinopatia del medio gluteo',
  'metatarsalgia',
  'dito a scatto',
  'lesione meniscale',
  'cefalea cervicogenica',
  'disfunzione temporo-mandibolare',
  'stenosi del canale lombare',
  'sindrome di De Quervain',
  'neuropatia ulnare',
];

const INTERVENTIONS = [
  'esercizio terapeutico',
  'terapia manuale',
  'mobilizzazione articolare',
  'manipolazione vertebrale',
  'rinforzo eccentrico',
  'rinforzo isometrico',
  'esercizio aerobico',
  'educazione del paziente',
  'stretching muscolare',
  'allenamento propriocettivo',
  'rieducazione posturale',
  'idrokinesiterapia',
  'taping neuromuscolare',
  'tecarterapia',
  "onde d'urto",
  'ultrasuonoterapia',
  'elettrostimolazione',
  'TENS',
  'laserterapia',
  'crioterapia',
  'massoterapia',
  'mobilizzazione neurodinamica',
  'esercizio di controllo motorio',
  'rinforzo del core',
  'allenamento del pavimento pelvico',
  'training del passo',
  'esercizio in catena cinetica chiusa',
  'esercizio in catena cinetica aperta',
  'graded activity',
  'pain neuroscience education',
  'ortesi plantare',
  'tutore notturno',
  'dry needling',
  'trazione cervicale',
  'esercizio pliometrico',
  "allenamento dell'equilibrio",
];

const ASSESSMENTS = [
  'test di Lasègue',
  'test di Phalen',
  'test di Tinel',
  'test di Lachman',
  'cassetto anteriore',
  'test di Neer',
  'test di Hawkins-Kennedy',
  'test di Thompson',
  'scala VAS',
  'scala NRS',
  'questionario Oswestry',
  'Roland-Morris Disability Questionnaire',
  'Neck Disability Index',
  'VISA-P',
  'VISA-A',
  'DASH',
  'KOOS',
  'WOMAC',
  'Timed Up and Go',
  'Berg Balance Scale',
  'test del cammino di sei minuti',
  'goniometria',
  'dinamometria',
  'test di Trendelenburg',
  'Ottawa Ankle Rules',
  'test di Spurling',
  'test di Finkelstein',
  'test di Apley',
  'Star Excursion Balance Test',
  'single leg hop test',
  'Fugl-Meyer Assessment',
];

const OUTCOMES = [
  'il dolore',
  'la funzione',
  'la forza muscolare',
  "l'escursione articolare",
  'la qualità di vita',
  'la disabilità percepita',
  'il ritorno allo sport',
  'il ritorno al lavoro',
  "l'equilibrio",
  'la velocità del cammino',
  'la kinesiofobia',
  'la catastrofizzazione del dolore',
  "l'aderenza al programma",
  'la resistenza muscolare',
  'la stabilità articolare',
  'il controllo neuromuscolare',
  'la continenza',
  'la postura',
  'la coordinazione',
];

const PHASES = [
  'nella fase acuta',
  'nella fase subacuta',
  'nella fase cronica',
  'nel primo mese',
  'dopo sei settimane',
  'entro tre mesi',
  'nella fase di rimodellamento',
  'nel post-operatorio',
  'nella fase di ritorno allo sport',
  'durante la riacutizzazione',
  'a lungo termine',
];

const DOSES = [
  'tre serie da dieci ripetizioni',
  'due volte al giorno',
  'tre volte a settimana',
  'per dodici settimane',
  'con carico progressivo',
  'a bassa intensità',
  'a intensità moderata',
  'con pause di sessanta secondi',
  'per trenta minuti',
  'con progressione settimanale',
  'fino alla soglia del dolore',
  'senza superare un dolore di tre su dieci',
];

const FINDINGS = [
  'riduce significativamente',
  'migliora in modo moderato',
  'non modifica',
  'aumenta',
  'stabilizza',
  'peggiora transitoriamente',
  'mantiene nel tempo',
  'normalizza',
];

const EVIDENCE = [
  'Le linee guida raccomandano',
  'Una revisione sistematica suggerisce',
  'Gli studi clinici indicano',
  'La letteratura recente supporta',
  'Un trial randomizzato ha mostrato',
  'Il consenso degli esperti propone',
  'Le evidenze di qualità moderata indicano',
  'La pratica clinica prevede',
];

const RED_FLAGS = [
  'anestesia a sella',
  'perdita di peso inspiegata',
  'febbre persistente',
  'deficit neurologico progressivo',
  'dolore notturno non meccanico',
  'trauma ad alta energia',
  'storia di neoplasia',
  'ritenzione urinaria',
];

const SECTION_HEADINGS = [
  'Definizione',
  'Epidemiologia',
  'Eziologia e fattori di rischio',
  'Valutazione clinica',
  'Diagnosi differenziale',
  'Red flags',
  'Trattamento conservativo',
  'Progressione degli esercizi',
  'Prognosi',
  'Criteri di ritorno alle attività',
  'Educazione del paziente',
  'Misure di outcome',
];

/** Seeded pseudo-random numbers (mulberry32), so every run generates the same corpus. */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);

    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /** Picks an item with a Zipf-like skew: index i weighs about 1 / (i + 1). */
  pick<T>(items: readonly T[]): T {
    const index = Math.floor(items.length ** this.next()) - 1;

    return items[Math.min(Math.max(index, 0), items.length - 1)] as T;
  }

  pickUniform<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

export interface GeneratedChunk {
  ordinal: number;
  headingPath: string[];
  content: string;
}

export interface GeneratedDocument {
  title: string;
  chunks: GeneratedChunk[];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(random: SeededRandom, condition: string): string {
  switch (Math.floor(random.next() * 6)) {
    case 0:
      return `${random.pickUniform(EVIDENCE)} ${random.pick(INTERVENTIONS)} ${random.pick(PHASES)} della ${condition}, ${random.pick(DOSES)}.`;
    case 1:
      return `Nel paziente con ${condition} la regione ${random.pick(REGIONS)} va valutata con ${random.pick(ASSESSMENTS)} e con ${random.pick(ASSESSMENTS)}.`;
    case 2:
      return `${capitalize(random.pick(INTERVENTIONS))} ${random.pick(FINDINGS)} ${random.pick(OUTCOMES)} rispetto a ${random.pick(INTERVENTIONS)}.`;
    case 3:
      return `In presenza di ${random.pick(RED_FLAGS)} il fisioterapista invia il paziente al medico prima di proseguire.`;
    case 4:
      return `${capitalize(random.pick(PHASES))} si privilegia ${random.pick(INTERVENTIONS)} ${random.pick(DOSES)}, monitorando ${random.pick(OUTCOMES)}.`;
    default:
      return `La ${condition} ${random.pick(REGIONS)} si associa a una riduzione del${random.pick(['la funzione', "l'attività", 'la partecipazione'])} e richiede un programma ${random.pick(['individualizzato', 'graduale', 'supervisionato', 'domiciliare'])}.`;
  }
}

/** Builds one chunk of about `targetLength` characters about the condition. */
function chunkContent(random: SeededRandom, condition: string, targetLength: number): string {
  const sentences: string[] = [];
  let length = 0;
  while (length < targetLength) {
    const next = sentence(random, condition);
    sentences.push(next);
    length += next.length + 1;
  }

  return sentences.join(' ');
}

/**
 * Generates documents until `chunkCount` chunks exist. Each document covers one condition with
 * up to `chunksPerDocument` chunks of about 700 characters under section headings.
 */
export function generateDocuments(
  seed: number,
  chunkCount: number,
  chunksPerDocument = 50,
): GeneratedDocument[] {
  const random = new SeededRandom(seed);
  const documents: GeneratedDocument[] = [];
  let remaining = chunkCount;
  while (remaining > 0) {
    const condition = random.pickUniform(CONDITIONS);
    const title = `${capitalize(condition)}: scheda ${documents.length + 1}`;
    const size = Math.min(remaining, chunksPerDocument);
    const chunks: GeneratedChunk[] = [];
    for (let ordinal = 0; ordinal < size; ordinal++) {
      const heading = SECTION_HEADINGS[Math.floor(ordinal / 4) % SECTION_HEADINGS.length] as string;
      chunks.push({
        ordinal,
        headingPath: [title, heading],
        content: chunkContent(random, condition, 600 + Math.floor(random.next() * 300)),
      });
    }
    documents.push({ title, chunks });
    remaining -= size;
  }

  return documents;
}

/** Generates questions in the style of a student's, about the generated material. */
export function generateQuestions(seed: number, count: number): string[] {
  const random = new SeededRandom(seed);
  const templates = [
    () => `Quale ${random.pick(INTERVENTIONS)} è indicato nella ${random.pickUniform(CONDITIONS)}?`,
    () =>
      `Come si esegue il ${random.pick(ASSESSMENTS)} nella valutazione ${random.pick(REGIONS)}?`,
    () => `Quali red flags come ${random.pick(RED_FLAGS)} richiedono l'invio al medico?`,
    () => `Quante serie di ${random.pick(INTERVENTIONS)} servono ${random.pick(PHASES)}?`,
    () =>
      `${capitalize(random.pick(INTERVENTIONS))} migliora ${random.pick(OUTCOMES)} nella ${random.pickUniform(CONDITIONS)}?`,
  ];
  const questions: string[] = [];
  for (let index = 0; index < count; index++) {
    questions.push(random.pickUniform(templates)());
  }

  return questions;
}

/** Text the ingestion pipeline embeds for a chunk: its heading path, then its content. */
export function embeddingInput(chunk: GeneratedChunk): string {
  return `${chunk.headingPath.join(' > ')}\n${chunk.content}`;
}

/** Joins a document's chunks back into Markdown, for uploading it through the API. */
export function toMarkdown(document: GeneratedDocument): string {
  const lines = [`# ${document.title}`, ''];
  let section = '';
  for (const chunk of document.chunks) {
    const heading = chunk.headingPath[1] ?? '';
    if (heading !== section) {
      section = heading;
      lines.push(`## ${heading}`, '');
    }
    lines.push(chunk.content, '');
  }

  return lines.join('\n');
}
