package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd/formula"
)

// MaxBatchSize is the largest batch_size of a foreach in batch mode.
const MaxBatchSize = 100_000

// errBatchSize is the refusal of a batch_size that is not a whole number
// between 1 and MaxBatchSize.
var errBatchSize = errors.New("batch_size must be a whole number between 1 and " + strconv.Itoa(MaxBatchSize))

// batchSize returns the batch size of a foreach in batch mode: batch is
// false for a foreach of simple mode (the default) and for any other step.
func (s *step) batchSize() (size int, batch bool, err error) {
	if s.Keyword != "foreach" || !strings.EqualFold(strings.TrimSpace(s.RepeatMode), "batch") {
		return 0, false, nil
	}
	raw := bytes.TrimSpace(s.BatchSize)
	var text string
	if json.Unmarshal(raw, &text) == nil {
		raw = []byte(strings.TrimSpace(text))
	}
	n, perr := strconv.Atoi(string(raw))
	if perr != nil || n < 1 || n > MaxBatchSize {
		return 0, true, errBatchSize
	}
	return n, true, nil
}

// batches cuts items into lists of size items, the last one shorter, each
// as a batch foreach shows it: {"batch": [items]}.
func batches(items []formula.Value, size int) []formula.Value {
	out := make([]formula.Value, 0, (len(items)+size-1)/size)
	for start := 0; start < len(items); start += size {
		h := formula.NewHash(1)
		h.Set("batch", formula.List(items[start:min(start+size, len(items))]...))
		out = append(out, formula.HashValue(h))
	}
	return out
}
