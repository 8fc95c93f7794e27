/**
 * The Nexmark event model, after the reference generator (github.com/nexmark/nexmark,
 * `NexmarkGenerator`, `GeneratorConfig` and `model/*Generator`): event number `n` has event id
 * `n`, and `id mod (person + auction + bid proportion)` (1 + 3 + 46 = 50 by default) says
 * whether it is a person, an auction or a bid; ids of new people and auctions follow from the
 * event id; sellers, bidders and auctions are "hot" with the reference's ratios; prices are
 * `round(10^(6·u) · 100)`; every event carries an `extra` string padding it to the average
 * byte size. Event time is `baseTime + trunc(n · 10^6 / firstEventRate) / 1000` (ms).
 *
 * Differences from the reference: the random numbers come from a seeded 32-bit PRNG (the
 * reference's `SplittableRandom` is unseeded), so a run is repeatable but its values differ
 * from any one reference run; the base time is configured (the reference takes the wall clock
 * when the source starts); one generator (the reference splits the id space per subtask); the
 * rate is constant (`firstEventRate`; the reference's `nextEventRate`/rate shape are not used by
 * its own generator either). Kept as the reference has it: a bid's bidder gets
 * `FIRST_PERSON_ID` added twice (so bidder ids are person ids + 1000).
 */
import { SeededRandom } from '../../connectors/disorder-buffer.ts';

/** First ids, as `GeneratorConfig.FIRST_*`. */
export const FIRST_PERSON_ID = 1000;
export const FIRST_AUCTION_ID = 1000;
export const FIRST_CATEGORY_ID = 10;

const NUM_CATEGORIES = 5;
const PERSON_ID_LEAD = 10;
const AUCTION_ID_LEAD = 10;
const HOT_SELLER_RATIO = 100;
const HOT_AUCTION_RATIO = 100;
const HOT_BIDDER_RATIO = 100;
const HOT_CHANNELS_RATIO = 2;
const CHANNELS_NUMBER = 10_000;
const HOT_CHANNELS = ['Google', 'Facebook', 'Baidu', 'Apple'];
const US_STATES = ['AZ', 'CA', 'ID', 'OR', 'WA', 'WY'];
const US_CITIES = ['Phoenix', 'Los Angeles', 'San Francisco', 'Boise', 'Portland', 'Bend', 'Redmond', 'Seattle', 'Kent', 'Cheyenne'];
const FIRST_NAMES = ['Peter', 'Paul', 'Luke', 'John', 'Saul', 'Vicky', 'Kate', 'Julie', 'Sarah', 'Deiter', 'Walter'];
const LAST_NAMES = ['Shultz', 'Abrams', 'Spencer', 'White', 'Bartels', 'Walton', 'Smith', 'Jones', 'Noris'];
const MIN_STRING_LENGTH = 3;
const REUSABLE_LENGTH = 1024 * 1024;

/** The generator's parameters, named as `NexmarkConfiguration`'s fields. */
export interface NexmarkParams {
  /** event time of event 0, epoch ms */
  baseTime: number;
  /** events per second of event time */
  firstEventRate: number;
  seed: number;
  personProportion: number;
  auctionProportion: number;
  bidProportion: number;
  avgPersonByteSize: number;
  avgAuctionByteSize: number;
  avgBidByteSize: number;
  hotAuctionRatio: number;
  hotSellersRatio: number;
  hotBiddersRatio: number;
  numInFlightAuctions: number;
  numActivePeople: number;
}

/** A person, as the reference's `person` view: times in epoch ms. */
export interface Person {
  id: number;
  name: string;
  emailAddress: string;
  creditCard: string;
  city: string;
  state: string;
  dateTime: number;
  extra: string;
}

/** An auction, as the reference's `auction` view. */
export interface Auction {
  id: number;
  itemName: string;
  description: string;
  initialBid: number;
  reserve: number;
  dateTime: number;
  expires: number;
  seller: number;
  category: number;
  extra: string;
}

/** A bid, as the reference's `bid` view. */
export interface Bid {
  auction: number;
  bidder: number;
  price: number;
  channel: string;
  url: string;
  dateTime: number;
  extra: string;
}

/** One row of the reference's `datagen` table: `event_type` 0 person, 1 auction, 2 bid. */
export type NexmarkEvent =
  | { event_type: 0; person: Person; auction: null; bid: null; dateTime: number }
  | { event_type: 1; person: null; auction: Auction; bid: null; dateTime: number }
  | { event_type: 2; person: null; auction: null; bid: Bid; dateTime: number };

/** Seeded randoms with `SplittableRandom`'s methods the reference uses. */
class Random {
  readonly source: SeededRandom;
  constructor(seed: number) {
    this.source = new SeededRandom(seed);
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.source.next() * n);
  }
  double(): number {
    return this.source.next();
  }
}

/** 32-bit bit reversal, as Java's `Integer.reverse`, as a signed int. */
function reverse32(i: number): number {
  let x = i >>> 0;
  let r = 0;
  for (let b = 0; b < 32; b++) {
    r = (r << 1) | (x & 1);
    x >>>= 1;
  }
  return r | 0;
}

function nextString(random: Random, maxLength: number, special = ' '): string {
  let len = MIN_STRING_LENGTH + random.int(maxLength - MIN_STRING_LENGTH);
  let s = '';
  while (len-- > 0) s += random.int(13) === 0 ? special : String.fromCharCode(97 + random.int(26));
  return s.trim();
}

function baseUrl(random: Random): string {
  return `https://www.nexmark.com/${nextString(random, 5, '_')}/${nextString(random, 5, '_')}/${nextString(random, 5, '_')}/item.htm?query=1`;
}

/** Tables the reference builds once per JVM from an unseeded random; here from fixed seeds. */
interface Tables {
  reusable: string;
  hotUrls: string[];
  channels: { channel: string; url: string }[];
}
let tables: Tables | undefined;
function shared(): Tables {
  if (tables) return tables;
  const r = new Random(0x4e58);
  const chars = new Uint8Array(REUSABLE_LENGTH);
  for (let i = 0; i < REUSABLE_LENGTH; i++) chars[i] = 97 + r.int(26);
  const hotUrls = HOT_CHANNELS.map(() => baseUrl(r));
  const channels = Array.from({ length: CHANNELS_NUMBER }, (_, i) => {
    let url = baseUrl(r);
    if (r.int(10) > 0) url += `&channel_id=${Math.abs(reverse32(i))}`;
    return { channel: `channel-${i}`, url };
  });
  tables = { reusable: new TextDecoder('latin1').decode(chars), hotUrls, channels };
  return tables;
}

function nextExtra(random: Random, currentSize: number, desiredAverageSize: number): string {
  if (currentSize > desiredAverageSize) return '';
  const want = desiredAverageSize - currentSize;
  const delta = Math.round(want * 0.2);
  const size = want - delta + (delta === 0 ? 0 : random.int(2 * delta));
  const reusable = shared().reusable;
  const offset = random.int(reusable.length - size);
  return reusable.substring(offset, offset + size);
}

function nextPrice(random: Random): number {
  return Math.round(Math.pow(10, random.double() * 6) * 100);
}

/**
 * The Nexmark generator: `next()` returns event number `eventsSoFar` and advances. State is
 * `eventsSoFar` and the PRNG state (both numbers), for checkpoints.
 */
export class NexmarkModel {
  eventsSoFar = 0;
  private readonly random: Random;
  private readonly total: number;
  private readonly delayUs: number;

  /** @throws Error when a proportion or the rate is not positive. */
  constructor(readonly params: NexmarkParams) {
    this.random = new Random(params.seed);
    this.total = params.personProportion + params.auctionProportion + params.bidProportion;
    if (params.firstEventRate <= 0) throw new Error('firstEventRate must be positive');
    this.delayUs = 1_000_000 / params.firstEventRate;
  }

  get randomState(): number {
    return this.random.source.state;
  }
  set randomState(state: number) {
    this.random.source.state = state;
  }

  /** Event time (epoch ms) of event number `n`, as `GeneratorConfig.timestampForEvent`. */
  timestampForEvent(n: number): number {
    return this.params.baseTime + Math.trunc(Math.trunc(n * this.delayUs) / 1000);
  }

  /** The next event. */
  next(): NexmarkEvent {
    const n = this.eventsSoFar;
    const ts = this.timestampForEvent(n);
    const rem = n % this.total;
    const p = this.params;
    let event: NexmarkEvent;
    if (rem < p.personProportion) event = { event_type: 0, person: this.person(n, ts), auction: null, bid: null, dateTime: ts };
    else if (rem < p.personProportion + p.auctionProportion) event = { event_type: 1, person: null, auction: this.auction(n, ts), bid: null, dateTime: ts };
    else event = { event_type: 2, person: null, auction: null, bid: this.bid(n, ts), dateTime: ts };
    this.eventsSoFar = n + 1;
    return event;
  }

  private lastBase0PersonId(eventId: number): number {
    const epoch = Math.floor(eventId / this.total);
    let offset = eventId % this.total;
    if (offset >= this.params.personProportion) offset = this.params.personProportion - 1;
    return epoch * this.params.personProportion + offset;
  }

  private lastBase0AuctionId(eventId: number): number {
    const p = this.params;
    let epoch = Math.floor(eventId / this.total);
    let offset = eventId % this.total;
    if (offset < p.personProportion) {
      epoch--;
      offset = p.auctionProportion - 1;
    } else if (offset >= p.personProportion + p.auctionProportion) offset = p.auctionProportion - 1;
    else offset -= p.personProportion;
    return epoch * p.auctionProportion + offset;
  }

  private nextBase0PersonId(eventId: number): number {
    const numPeople = this.lastBase0PersonId(eventId) + 1;
    const active = Math.min(numPeople, this.params.numActivePeople);
    return numPeople - active + this.random.int(active + PERSON_ID_LEAD);
  }

  private nextBase0AuctionId(eventId: number): number {
    const max = this.lastBase0AuctionId(eventId);
    const min = Math.max(max - this.params.numInFlightAuctions, 0);
    return min + this.random.int(max - min + 1 + AUCTION_ID_LEAD);
  }

  private person(eventId: number, ts: number): Person {
    const r = this.random;
    const id = this.lastBase0PersonId(eventId) + FIRST_PERSON_ID;
    const name = `${FIRST_NAMES[r.int(FIRST_NAMES.length)]} ${LAST_NAMES[r.int(LAST_NAMES.length)]}`;
    const emailAddress = `${nextString(r, 7)}@${nextString(r, 5)}.com`;
    const groups: string[] = [];
    for (let i = 0; i < 4; i++) groups.push(String(r.int(10_000)).padStart(4, '0'));
    const creditCard = groups.join(' ');
    const city = US_CITIES[r.int(US_CITIES.length)] as string;
    const state = US_STATES[r.int(US_STATES.length)] as string;
    const size = 8 + name.length + emailAddress.length + creditCard.length + city.length + state.length;
    const extra = nextExtra(r, size, this.params.avgPersonByteSize);
    return { id, name, emailAddress, creditCard, city, state, dateTime: ts, extra };
  }

  private auction(eventId: number, ts: number): Auction {
    const r = this.random;
    const p = this.params;
    const id = this.lastBase0AuctionId(eventId) + FIRST_AUCTION_ID;
    const seller =
      (r.int(p.hotSellersRatio) > 0 ? Math.floor(this.lastBase0PersonId(eventId) / HOT_SELLER_RATIO) * HOT_SELLER_RATIO : this.nextBase0PersonId(eventId)) +
      FIRST_PERSON_ID;
    const category = FIRST_CATEGORY_ID + r.int(NUM_CATEGORIES);
    const initialBid = nextPrice(r);
    // Auction length: on average the time until numInFlightAuctions more auctions exist.
    const eventsForAuctions = Math.floor((p.numInFlightAuctions * this.total) / p.auctionProportion);
    const horizon = this.timestampForEvent(this.eventsSoFar + eventsForAuctions) - ts;
    const expires = ts + 1 + r.int(Math.max(horizon * 2, 1));
    const itemName = nextString(r, 20);
    const description = nextString(r, 100);
    const reserve = initialBid + nextPrice(r);
    const size = 8 + itemName.length + description.length + 8 + 8 + 8 + 8 + 8;
    const extra = nextExtra(r, size, p.avgAuctionByteSize);
    return { id, itemName, description, initialBid, reserve, dateTime: ts, expires, seller, category, extra };
  }

  private bid(eventId: number, ts: number): Bid {
    const r = this.random;
    const p = this.params;
    const auction =
      (r.int(p.hotAuctionRatio) > 0 ? Math.floor(this.lastBase0AuctionId(eventId) / HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO : this.nextBase0AuctionId(eventId)) +
      FIRST_AUCTION_ID;
    const bidder =
      (r.int(p.hotBiddersRatio) > 0 ? Math.floor(this.lastBase0PersonId(eventId) / HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1 : this.nextBase0PersonId(eventId)) +
      2 * FIRST_PERSON_ID;
    const price = nextPrice(r);
    let channel: string;
    let url: string;
    if (r.int(HOT_CHANNELS_RATIO) > 0) {
      const i = r.int(HOT_CHANNELS.length);
      channel = HOT_CHANNELS[i] as string;
      url = shared().hotUrls[i] as string;
    } else {
      const c = shared().channels[r.int(CHANNELS_NUMBER)] as { channel: string; url: string };
      channel = c.channel;
      url = c.url;
    }
    const extra = nextExtra(r, 32, p.avgBidByteSize);
    return { auction, bidder, price, channel, url, dateTime: ts, extra };
  }
}
