package partnerd

import (
	"strconv"
	"strings"
)

// Job ids on the wire are "j-", eight characters, "-" and three more, as
// in "j-4fTq9ZbW-x2K": the job's number run through a keyed permutation of
// 64-bit values and written in base 62, so that ids are unique server-wide
// and stable, yet say nothing of how many jobs there are. The key is fixed:
// the ids are opaque, not secret, and the same on every replica and
// after every restart.

// jobRefKeys are the round keys of the permutation.
var jobRefKeys = [4]uint32{0x9e3779b9, 0x7f4a7c15, 0xf39cc060, 0x5ced5a8b}

// jobRefDigits is the alphabet of the encoded id.
const jobRefDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// jobRefLen is the number of base-62 digits of an encoded id: 62^11 > 2^64.
const jobRefLen = 11

// jobRound is the round function of the permutation.
func jobRound(x, k uint32) uint32 {
	h := uint64(x^k) * 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	return uint32(h ^ h>>29)
}

// permuteJobID maps a job number to its code, a Feistel network of four
// rounds; unpermuteJobID undoes it.
func permuteJobID(v uint64) uint64 {
	l, r := uint32(v>>32), uint32(v)
	for _, k := range jobRefKeys {
		l, r = r, l^jobRound(r, k)
	}
	return uint64(l)<<32 | uint64(r)
}

func unpermuteJobID(v uint64) uint64 {
	l, r := uint32(v>>32), uint32(v)
	for i := len(jobRefKeys) - 1; i >= 0; i-- {
		l, r = r^jobRound(l, jobRefKeys[i]), l
	}
	return uint64(l)<<32 | uint64(r)
}

// JobRef renders a job id as the API shows it: "j-" and an opaque string.
func JobRef(id int64) string {
	v := permuteJobID(uint64(id))
	var d [jobRefLen]byte
	for i := jobRefLen - 1; i >= 0; i-- {
		d[i] = jobRefDigits[v%62]
		v /= 62
	}
	return "j-" + string(d[:8]) + "-" + string(d[8:])
}

// ParseJobRef reads a job id written by JobRef; it also reads the ids that
// earlier versions wrote, "j-" and the job's number.
func ParseJobRef(s string) (int64, bool) {
	rest := strings.TrimPrefix(s, "j-")
	if len(rest) == jobRefLen+1 && rest[8] == '-' && len(s) == len(rest)+2 {
		var v uint64
		for _, c := range []byte(rest[:8] + rest[9:]) {
			i := strings.IndexByte(jobRefDigits, c)
			if i < 0 || v > (^uint64(0)-uint64(i))/62 {
				return 0, false
			}
			v = v*62 + uint64(i)
		}
		id := unpermuteJobID(v)
		return int64(id), id > 0 && id <= 1<<63-1
	}
	if rest == "" || rest[0] < '1' || rest[0] > '9' {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	return n, err == nil && n > 0
}
