package stats

import (
	"math"
	"slices"
	"time"
)

// Durations summarises a set of durations in whole seconds. Percentiles are
// nearest-rank: P90 is the smallest value at least 90% of the set do not
// exceed, so it is always one of the measured values.
type Durations struct {
	Count int `json:"count"`
	Avg   int `json:"avg_seconds"`
	P50   int `json:"p50_seconds"`
	P90   int `json:"p90_seconds"`
}

// Summarise computes the count, average, median and 90th percentile of ds.
func Summarise(ds []time.Duration) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	var sum time.Duration
	for _, d := range s {
		sum += d
	}
	rank := func(p float64) int {
		return int(s[int(math.Ceil(p*float64(len(s))))-1].Round(time.Second) / time.Second)
	}
	return Durations{
		Count: len(s),
		Avg:   int((sum / time.Duration(len(s))).Round(time.Second) / time.Second),
		P50:   rank(0.5),
		P90:   rank(0.9),
	}
}
