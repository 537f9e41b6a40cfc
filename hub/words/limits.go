package words

// The rate limits' refusals (hub/internal/ratelimit): what was refused,
// then TryAgainIn with the wait.
var (
	ReportsFromAddress      = Text{"أُرسلت بلاغات كثيرة من هذا الاتصال", "Many reports have been sent from this connection"}
	ReportsWithMobile       = Text{"سُجّلت بلاغات كثيرة برقم الجوال هذا اليوم", "Many reports have been made with this mobile number today"}
	AppointmentsFromAddress = Text{"حُجزت مواعيد كثيرة من هذا الاتصال", "Many appointments have been booked from this connection"}
	AppointmentsWithMobile  = Text{"حُجزت مواعيد كثيرة برقم الجوال هذا اليوم", "Many appointments have been booked with this mobile number today"}
	PhotosFromAddress       = Text{"أُرسلت صور كثيرة من هذا الاتصال", "Many photos have been sent from this connection"}
	RequestsWithAPIKey      = Text{"أرسل مفتاح api_key هذا طلبات كثيرة", "This api_key has posted many requests"}
	// TryAgainIn follows the refusal, filled (FillText) with the wait.
	TryAgainIn = Text{". حاول مجدداً بعد %s.", ". Try again in %s."}
)
