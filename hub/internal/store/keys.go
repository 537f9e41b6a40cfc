package store

// Every key of a branch starts with the hash tag {b:<branch>} so that all of
// them live in one Redis Cluster slot and one script may touch them all.
// docs/redis.md describes each key.

func branchTag(branch string) string { return "{b:" + branch + "}:" }

func keyEpoch(b string) string   { return branchTag(b) + "epoch" }
func keyOffset(b string) string  { return branchTag(b) + "offset" }
func keyEvents(b string) string  { return branchTag(b) + "events" }
func keyWaiting(b string) string { return branchTag(b) + "waiting" }
func keyRecent(b string) string  { return branchTag(b) + "recent" }
func keyDesks(b string) string   { return branchTag(b) + "desks" }
func keyLive(b string) string    { return branchTag(b) + "live" }

// eventKeys are the keys of a branch that prelude.lua's emit touches: a
// script that appends an event declares them.
func eventKeys(b string) scriptKeys {
	return scriptKeys{"offset": keyOffset(b), "epoch": keyEpoch(b), "events": keyEvents(b),
		"live": keyLive(b), "waiting": keyWaiting(b), "desks": keyDesks(b)}
}

// with adds more keys to a script's keys.
func (k scriptKeys) with(more scriptKeys) scriptKeys {
	for name, key := range more {
		k[name] = key
	}
	return k
}

// caseKeys are a case's hash and timeline.
func caseKeys(b, number string) scriptKeys {
	return scriptKeys{"case": keyCase(b, number), "timeline": keyTimeline(b, number)}
}

// newCaseKeys are the keys of a branch that prelude.lua's open_case touches
// besides the case itself, whose number it assigns.
func newCaseKeys(b, year, phone string) scriptKeys {
	return scriptKeys{"caseseq": keyCaseSeq(b, year), "cases": keyCases(b), "cases_open": keyOpenCases(b),
		"cases_closed": keyClosedCases(b), "phone": keyPhoneCases(b, phone)}
}

// liveChannels matches every branch's pub/sub channel {b:<branch>}:live,
// on which prelude.lua's emit publishes each event it appends.
const liveChannels = "{b:*}:live"

func keyTicket(b, id string) string           { return branchTag(b) + "t:" + id }
func keyDesk(b, id string) string             { return branchTag(b) + "desk:" + id }
func keyDeskQueue(b, id string) string        { return branchTag(b) + "deskq:" + id }
func keyParked(b, desk string) string         { return branchTag(b) + "parked:" + desk }
func keyDayTickets(b, day string) string      { return branchTag(b) + "day:" + day + ":tickets" }
func keyDaySeq(b, day string) string          { return branchTag(b) + "day:" + day + ":seq" }
func keyCaseSeq(b string, year string) string { return branchTag(b) + "caseseq:" + year }
func keyCase(b, number string) string         { return branchTag(b) + "c:" + number }
func keyTimeline(b, number string) string     { return branchTag(b) + "c:" + number + ":tl" }
func keyCases(b string) string                { return branchTag(b) + "cases" }
func keyOpenCases(b string) string            { return branchTag(b) + "cases:open" }
func keyClosedCases(b string) string          { return branchTag(b) + "cases:closed" }
func keyPhoneCases(b, phone string) string    { return branchTag(b) + "phone:" + phone }
func keyIdem(b, key string) string            { return branchTag(b) + "idem:" + key }
func keyRemoteTickets(b, day, phone string) string {
	return branchTag(b) + "day:" + day + ":remote:" + phone
}
func keyTurnNearRemote(b, day string) string {
	return branchTag(b) + "day:" + day + ":turn_near:remote"
}

// Accounts are not per branch: a token or username is looked up before its
// branch is known. The accounts, the set of enabled admins and the audit
// log share the hash tag {accounts}, so one script changes an account and
// appends the audit entry recording it, on Cluster too (one slot: accounts
// are few). Sessions, one per sign-in and read on every request, stay
// spread over the slots.
const accountsTag = "{accounts}"

func keyDevice(id string) string     { return accountsTag + "device:" + id }
func keyUser(username string) string { return accountsTag + "user:" + username }
func keySession(hash string) string  { return "session:" + hash }

// keyAdmins is the set of the usernames of the enabled admins.
const keyAdmins = accountsTag + "admins"
