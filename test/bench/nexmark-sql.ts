/**
 * The reference Nexmark queries (github.com/nexmark/nexmark, nexmark-flink/src/main/resources/
 * queries) as Flink SQL over a JSON-lines file of the `nexmark` node's events, for the
 * side-by-side bench. The table is the reference's `datagen` table (`event_type`, `person`,
 * `auction`, `bid`, `dateTime` from the event's own time, watermark 4 s behind) read by the
 * `filesystem` connector instead of the reference's `nexmark` connector, which is not on Maven
 * Central; the views and queries are the reference's, with `blackhole` sinks.
 */
import type { NexmarkEvent } from '../../engine/nodes/nexmark/model.ts';

/** `yyyy-MM-dd HH:mm:ss.SSS` in UTC: the JSON format's TIMESTAMP(3). */
const sqlTime = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** One event as a line of the file the Flink table reads (times as TIMESTAMP(3) text). */
export function flinkLine(e: NexmarkEvent): string {
  const row = {
    event_type: e.event_type,
    person: e.person && { ...e.person, dateTime: sqlTime(e.person.dateTime) },
    auction: e.auction && { ...e.auction, dateTime: sqlTime(e.auction.dateTime), expires: sqlTime(e.auction.expires) },
    bid: e.bid && { ...e.bid, dateTime: sqlTime(e.bid.dateTime) },
  };
  return JSON.stringify(row);
}

/** The source table and the three views, over the file at `path`. */
export function nexmarkDdl(path: string): string {
  return `SET 'pipeline.object-reuse' = 'true';
CREATE TABLE datagen (
  event_type INT,
  person ROW<id BIGINT, name STRING, emailAddress STRING, creditCard STRING, city STRING, state STRING, \`dateTime\` TIMESTAMP(3), extra STRING>,
  auction ROW<id BIGINT, itemName STRING, description STRING, initialBid BIGINT, reserve BIGINT, \`dateTime\` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra STRING>,
  bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, \`dateTime\` TIMESTAMP(3), extra STRING>,
  \`dateTime\` AS CASE WHEN event_type = 0 THEN person.\`dateTime\` WHEN event_type = 1 THEN auction.\`dateTime\` ELSE bid.\`dateTime\` END,
  WATERMARK FOR \`dateTime\` AS \`dateTime\` - INTERVAL '4' SECOND
) WITH ('connector' = 'filesystem', 'path' = '${path}', 'format' = 'json');
CREATE VIEW person AS SELECT person.id, person.name, person.emailAddress, person.creditCard, person.city, person.state, \`dateTime\`, person.extra FROM datagen WHERE event_type = 0;
CREATE VIEW auction AS SELECT auction.id, auction.itemName, auction.description, auction.initialBid, auction.reserve, \`dateTime\`, auction.expires, auction.seller, auction.category, auction.extra FROM datagen WHERE event_type = 1;
CREATE VIEW bid AS SELECT bid.auction, bid.bidder, bid.price, bid.channel, bid.url, \`dateTime\`, bid.extra FROM datagen WHERE event_type = 2;
`;
}

const sink = (name: string, columns: string): string => `CREATE TABLE ${name} (${columns}) WITH ('connector' = 'blackhole');\n`;
const BID_COLUMNS = 'auction BIGINT, bidder BIGINT, price BIGINT, `dateTime` TIMESTAMP(3), extra STRING';
const COUNTS = 'bidder BIGINT, bid_count BIGINT, starttime TIMESTAMP(3), endtime TIMESTAMP(3)';

/** Each query's sink and INSERT, as the reference states it. */
export const NEXMARK_SQL: Record<string, string> = {
  q0: sink('nexmark_q0', BID_COLUMNS) + 'INSERT INTO nexmark_q0 SELECT auction, bidder, price, `dateTime`, extra FROM bid;',
  q1:
    sink('nexmark_q1', 'auction BIGINT, bidder BIGINT, price DECIMAL(23, 3), `dateTime` TIMESTAMP(3), extra STRING') +
    'INSERT INTO nexmark_q1 SELECT auction, bidder, 0.908 * price AS price, `dateTime`, extra FROM bid;',
  q2: sink('nexmark_q2', 'auction BIGINT, price BIGINT') + 'INSERT INTO nexmark_q2 SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0;',
  q3:
    sink('nexmark_q3', 'name STRING, city STRING, state STRING, id BIGINT') +
    `INSERT INTO nexmark_q3 SELECT P.name, P.city, P.state, A.id FROM auction AS A INNER JOIN person AS P ON A.seller = P.id
WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');`,
  q4:
    sink('nexmark_q4', 'id BIGINT, final BIGINT') +
    `INSERT INTO nexmark_q4 SELECT Q.category, AVG(Q.final) FROM (
  SELECT MAX(B.price) AS final, A.category FROM auction A, bid B
  WHERE A.id = B.auction AND B.\`dateTime\` BETWEEN A.\`dateTime\` AND A.expires GROUP BY A.id, A.category
) Q GROUP BY Q.category;`,
  q5:
    sink('nexmark_q5', 'auction BIGINT, num BIGINT') +
    `INSERT INTO nexmark_q5 SELECT AuctionBids.auction, AuctionBids.num FROM (
  SELECT auction, COUNT(*) AS num, window_start AS starttime, window_end AS endtime
  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(\`dateTime\`), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end
) AS AuctionBids JOIN (
  SELECT MAX(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime FROM (
    SELECT COUNT(*) AS num, window_start AS starttime, window_end AS endtime
    FROM TABLE(HOP(TABLE bid, DESCRIPTOR(\`dateTime\`), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
    GROUP BY auction, window_start, window_end
  ) AS CountBids GROUP BY CountBids.starttime, CountBids.endtime
) AS MaxBids
ON AuctionBids.starttime = MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime AND AuctionBids.num >= MaxBids.maxn;`,
  q7:
    sink('nexmark_q7', BID_COLUMNS) +
    `INSERT INTO nexmark_q7 SELECT B.auction, B.price, B.bidder, B.\`dateTime\`, B.extra FROM bid B JOIN (
  SELECT MAX(price) AS maxprice, window_end AS \`dateTime\`
  FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(\`dateTime\`), INTERVAL '10' SECOND)) GROUP BY window_start, window_end
) B1 ON B.price = B1.maxprice
WHERE B.\`dateTime\` BETWEEN B1.\`dateTime\` - INTERVAL '10' SECOND AND B1.\`dateTime\`;`,
  q8:
    sink('nexmark_q8', 'id BIGINT, name STRING, stime TIMESTAMP(3)') +
    `INSERT INTO nexmark_q8 SELECT P.id, P.name, P.starttime FROM (
  SELECT id, name, window_start AS starttime, window_end AS endtime
  FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(\`dateTime\`), INTERVAL '10' SECOND)) GROUP BY id, name, window_start, window_end
) P JOIN (
  SELECT seller, window_start AS starttime, window_end AS endtime
  FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(\`dateTime\`), INTERVAL '10' SECOND)) GROUP BY seller, window_start, window_end
) A ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime;`,
  q11:
    sink('nexmark_q11', COUNTS) +
    `INSERT INTO nexmark_q11 SELECT B.bidder, COUNT(*) AS bid_count,
  SESSION_START(B.\`dateTime\`, INTERVAL '10' SECOND) AS starttime, SESSION_END(B.\`dateTime\`, INTERVAL '10' SECOND) AS endtime
FROM bid B GROUP BY B.bidder, SESSION(B.\`dateTime\`, INTERVAL '10' SECOND);`,
  q12:
    sink('nexmark_q12', COUNTS) +
    `CREATE VIEW B AS SELECT *, PROCTIME() AS p_time FROM bid;
INSERT INTO nexmark_q12 SELECT bidder, COUNT(*) AS bid_count, window_start AS starttime, window_end AS endtime
FROM TABLE(TUMBLE(TABLE B, DESCRIPTOR(p_time), INTERVAL '10' SECOND)) GROUP BY bidder, window_start, window_end;`,
};
