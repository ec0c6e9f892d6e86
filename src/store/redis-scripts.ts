import crypto from 'node:crypto';

// The store's atomic steps as Lua, run with EVALSHA (EVAL when the server does not know the script
// yet). Each touches only keys of one namespace, which share a Redis Cluster hash tag. Numbers are
// written with %.0f: Lua's own number-to-string turns epoch milliseconds into "1.76e+12".
// An entry's value is `<until>|<value>`, until in epoch milliseconds.

/** A Lua script and its SHA-1, for EVALSHA. */
export interface RedisScript {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): RedisScript {
  return { source, sha: crypto.createHash('sha1').update(source).digest('hex') };
}

/** KEYS[1]; ARGV: until, value, ttlMs. Writes unless the current entry ends at or after `until`. */
export const EXTEND = script(`
local current = redis.call('GET', KEYS[1])
if current then
  local ends = tonumber(string.match(current, '^(%d+)|'))
  if ends and ends >= tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'PX', ARGV[3])
return 1
`);

/** KEYS[1]; ARGV: owner. Deletes the lease only while its value ends with `|owner`. */
export const RELEASE = script(`
local current = redis.call('GET', KEYS[1])
local suffix = '|' .. ARGV[1]
if current and string.sub(current, -string.len(suffix)) == suffix then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * KEYS: circuit, probe; ARGV: now, threshold, coolDownMs, ttlMs, detail. The circuit's value is
 * `<until>|<failures>|<openUntil>|<detail>`; the arithmetic is nextCircuit's (src/store/types.ts).
 * Returns the new open-until when this failure opened the circuit, else 0.
 */
export const RECORD_FAILURE = script(`
local now = tonumber(ARGV[1])
local threshold = tonumber(ARGV[2])
local failures, openUntil = 0, 0
local current = redis.call('GET', KEYS[1])
if current then
  local f, o = string.match(current, '^%d+|(%d+)|(%d+)|')
  failures = tonumber(f) or 0
  openUntil = tonumber(o) or 0
end
if openUntil > now then return 0 end
if openUntil > 0 then failures = threshold else failures = failures + 1 end
local opened = 0
if failures >= threshold then
  openUntil = now + tonumber(ARGV[3])
  failures = 0
  opened = openUntil
  redis.call('DEL', KEYS[2])
else
  openUntil = 0
end
local ttl = tonumber(ARGV[4])
redis.call('SET', KEYS[1], string.format('%.0f|%.0f|%.0f|', now + ttl, failures, openUntil) .. ARGV[5], 'PX', string.format('%.0f', ttl))
return string.format('%.0f', opened)
`);
