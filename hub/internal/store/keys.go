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

// liveChannels matches every branch's pub/sub channel {b:<branch>}:live,
// on which prelude.lua's emit publishes each event it appends.
const liveChannels = "{b:*}:live"

func keyTicket(b, id string) string           { return branchTag(b) + "t:" + id }
func keyDesk(b, id string) string             { return branchTag(b) + "desk:" + id }
func keyDeskQueue(b, id string) string        { return branchTag(b) + "deskq:" + id }
func keyDayTickets(b, day string) string      { return branchTag(b) + "day:" + day + ":tickets" }
func keyDaySeq(b, day string) string          { return branchTag(b) + "day:" + day + ":seq" }
func keyCaseSeq(b string, year string) string { return branchTag(b) + "caseseq:" + year }
func keyCase(b, number string) string         { return branchTag(b) + "c:" + number }
func keyTimeline(b, number string) string     { return branchTag(b) + "c:" + number + ":tl" }
func keyCases(b string) string                { return branchTag(b) + "cases" }
func keyOpenCases(b string) string            { return branchTag(b) + "cases:open" }
func keyPhoneCases(b, phone string) string    { return branchTag(b) + "phone:" + phone }
func keyIdem(b, key string) string            { return branchTag(b) + "idem:" + key }

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
