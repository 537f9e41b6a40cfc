package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/shamil-municipal/shamil/hub/protocol"
)

// Open311's request list reads indexes kept by the case scripts in the same
// step as each change (index_case in prelude.lua): the branch's cases by
// service, and by open or closed, each scored by creation time.
var (
	scriptOpen311Page = register("open311_page", pageArgs{})
	scriptCasesIndex  = register("cases_index", indexArgs{})
)

// pageArgs are open311_page.lua's arguments.
type pageArgs struct {
	Min  int64 `json:"min"`
	Max  int64 `json:"max"`
	Skip int   `json:"skip"`
	Size int   `json:"size"`
}

// indexArgs are cases_index.lua's arguments.
type indexArgs struct {
	Start int `json:"start"`
	Count int `json:"count"`
}

func keyServiceCases(b, service string) string { return branchTag(b) + "cases:svc:" + service }
func keyCasesIndexed(b string) string          { return branchTag(b) + "cases:indexed" }

// Submitted is what an Open311 requester sent, kept with the case as it
// was sent: the list publishes this, never the description staff edit.
type Submitted struct {
	Description string   `json:"description"`
	Address     string   `json:"address,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Long        *float64 `json:"long,omitempty"`
	MediaURL    string   `json:"media_url,omitempty"`
}

// PublishedCase is a case as Open311 reads it: with its timeline and what
// its requester submitted (nil for a case not opened through Open311).
type PublishedCase struct {
	protocol.Case
	Submitted *Submitted
}

// RequestQuery selects Open311 requests: created in [From, To], of any of
// Services (all when nil) and, when Open is set, open or closed ones only.
type RequestQuery struct {
	From, To time.Time
	Services []string
	Open     *bool
	Skip     int
	Limit    int
}

// RequestPage is one page of requests, newest first, and how many match.
type RequestPage struct {
	Total int
	Cases []PublishedCase
}

// Requests reads one page of the branch's requests from the indexes.
func (s *Store) Requests(ctx context.Context, branch string, q RequestQuery) (RequestPage, error) {
	if len(q.Services) == 0 && q.Services != nil {
		return RequestPage{}, nil
	}
	keys := requestKeys(branch, q)
	v, err := s.callList(ctx, scriptOpen311Page, keys, pageArgs{Min: ms(q.From), Max: ms(q.To), Skip: q.Skip, Size: q.Limit})
	if err != nil {
		return RequestPage{}, fmt.Errorf("requests of %s: %w", branch, err)
	}
	reply := v.([]any)
	numbers := make([]string, 0, len(reply)-1)
	for _, n := range reply[1:] {
		numbers = append(numbers, n.(string))
	}
	cases, err := s.PublishedCases(ctx, branch, numbers)
	if err != nil {
		return RequestPage{}, fmt.Errorf("requests of %s: %w", branch, err)
	}
	return RequestPage{Total: int(reply[0].(int64)), Cases: cases}, nil
}

// requestKeys are the index sets a query lists: one per service, or the
// branch's own.
func requestKeys(branch string, q RequestQuery) []string {
	suffix := ""
	if q.Open != nil {
		suffix = ":closed"
		if *q.Open {
			suffix = ":open"
		}
	}
	if q.Services == nil {
		return []string{keyCases(branch) + suffix} // cases, cases:open, cases:closed
	}
	keys := make([]string, len(q.Services))
	for i, svc := range q.Services {
		keys[i] = keyServiceCases(branch, svc) + suffix
	}
	return keys
}

// PublishedCases reads the given cases with their timelines and what their
// requesters submitted, in one round trip; unknown numbers are left out.
func (s *Store) PublishedCases(ctx context.Context, branch string, numbers []string) ([]PublishedCase, error) {
	pipe := s.rdb.Pipeline()
	hashes := make([]*redis.MapStringStringCmd, 0, len(numbers))
	timelines := make([]*redis.StringSliceCmd, 0, len(numbers))
	for _, n := range numbers {
		if !keyPart(n) {
			continue
		}
		hashes = append(hashes, pipe.HGetAll(ctx, keyCase(branch, n)))
		timelines = append(timelines, pipe.LRange(ctx, keyTimeline(branch, n), 0, -1))
	}
	if len(hashes) == 0 {
		return nil, nil
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("read cases: %w", err)
	}
	out := make([]PublishedCase, 0, len(hashes))
	for i, h := range hashes {
		if len(h.Val()) == 0 {
			continue
		}
		c, err := caseFromHash(h.Val())
		if err != nil {
			return nil, err
		}
		c.Timeline = make([]protocol.TimelineEntry, len(timelines[i].Val()))
		for j, raw := range timelines[i].Val() {
			if err := json.Unmarshal([]byte(raw), &c.Timeline[j]); err != nil {
				return nil, fmt.Errorf("read case %s: timeline entry %d: %w", c.Number, j, err)
			}
		}
		p := PublishedCase{Case: c}
		if raw := h.Val()["submitted"]; raw != "" {
			p.Submitted = new(Submitted)
			if err := json.Unmarshal([]byte(raw), p.Submitted); err != nil {
				return nil, fmt.Errorf("read case %s: submitted: %w", c.Number, err)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// indexBatch is how many cases one run of cases_index files: small enough
// that Redis answers others between runs.
const indexBatch = 1000

// IndexCases files the branch's cases stored before the Open311 indexes
// existed. The hub runs it for every branch at start-up; once every case is
// filed it returns at once.
func (s *Store) IndexCases(ctx context.Context, branch string) error {
	done, err := s.rdb.Exists(ctx, keyCasesIndexed(branch)).Result()
	if err != nil {
		return fmt.Errorf("index cases of %s: %w", branch, err)
	}
	for start := 0; done == 0; start += indexBatch {
		keys := scriptKeys{"cases": keyCases(branch), "indexed": keyCasesIndexed(branch), "cases_closed": keyClosedCases(branch)}
		v, err := s.call(ctx, scriptCasesIndex, keys, indexArgs{Start: start, Count: indexBatch})
		if err != nil {
			return fmt.Errorf("index cases of %s: %w", branch, err)
		}
		if v.(int64) < indexBatch {
			return nil
		}
	}
	return nil
}
