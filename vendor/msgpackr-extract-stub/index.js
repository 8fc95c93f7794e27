// msgpackr requires this inside try/catch and uses its pure-JS decoder when it throws.
throw new Error('msgpackr-extract is stubbed out in Tributary (see package.json)');
