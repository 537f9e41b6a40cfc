package words

// The names of the things a visitor holds, as the receipt prints them and
// the pages label them (docs/glossary.md).
var (
	TicketNumber = Text{"رقم التذكرة", "Ticket number"}
	CaseNumber   = Text{"رقم المعاملة", "Case number"}
	AccessCode   = Text{"رمز الدخول", "Access code"}
	OneStopDesk  = Text{"مكتب الخدمة الشاملة", "One-stop desk"} // the desk that serves every service
	AllOfThem    = Text{"الكل", "All"}
)

// The receipt's own words (hub/internal/receipt).
var (
	LanePriority    = Text{"أولوية", "Priority"}
	LaneAppointment = Text{"موعد مسبق", "Appointment"}
	IssuedOn        = Text{"التاريخ: %s", "Date: %s"} // the English line spells the date out (dateText)
	TrackOnline     = Text{"تابع معاملتك عبر رمز QR أو الموقع", "Track your case online: scan the QR code"}
)

// HijriMark follows an Umm al-Qura date, as in "1448-06-07 هـ".
const HijriMark = "هـ"
