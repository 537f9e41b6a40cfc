package words

// Figures name the figures of a day range, as the PDF report prints them
// (hub/internal/report).
var Figures = map[string]Text{
	"tickets":              {"التذاكر", "Tickets"},
	"served":               {"تمت خدمتهم", "Served"},
	"no_shows":             {"لم يحضروا", "No-shows"},
	"cancelled":            {"ألغيت", "Cancelled"},
	"avg_wait":             {"متوسط الانتظار", "Average wait"},
	"p50_wait":             {"الوسيط للانتظار", "Median wait"},
	"p90_wait":             {"الانتظار (المئين 90)", "90th percentile wait"},
	"avg_service":          {"متوسط مدة الخدمة", "Average service time"},
	"p50_service":          {"الوسيط لمدة الخدمة", "Median service time"},
	"p90_service":          {"مدة الخدمة (المئين 90)", "90th percentile service time"},
	"cases_opened":         {"المعاملات المفتوحة في الفترة", "Cases opened"},
	"cases_resolved":       {"حلت أو أغلقت", "Cases resolved"},
	"cases_open":           {"ما زالت مفتوحة", "Cases still open"},
	"cases_overdue":        {"متأخرة عن هدف الحل", "Cases overdue"},
	"late_first_responses": {"رد أول متأخر", "Late first responses"},
	"avg_first_response":   {"متوسط زمن الرد الأول", "Average time to first response"},
	"p90_first_response":   {"زمن الرد الأول (المئين 90)", "90th percentile time to first response"},
	"appointments_booked":  {"المواعيد المحجوزة", "Appointments booked"},
	"appointments_arrived": {"حضروا في موعدهم", "Appointments arrived"},
	"appointments_missed":  {"لم يحضروا في موعدهم", "Appointments missed"},
	"appointment_wait":     {"متوسط انتظار أصحاب المواعيد", "Average wait with an appointment"},
	"walk_in_wait":         {"متوسط انتظار غيرهم", "Average wait without one"},
}

// The report's own words.
var (
	ReportOf     = Text{"تقرير %s", "Report: %s"}
	ReportPeriod = Text{"الفترة: %s", "Period: %s"}
	Summary      = Text{"الملخص", "Summary"}
	ByService    = Text{"حسب الخدمة", "By service"}
	ByOfficer    = Text{"حسب الموظف", "By officer"}
	ByHour       = Text{"حسب الساعة", "By hour"}
	Service      = Text{"الخدمة", "Service"}
	ReportUnits  = Text{"الأوقات بالدقائق والثواني؛ أهداف المعاملات بساعات عمل الفرع.",
		"Times are minutes:seconds; case targets are counted in the branch's working hours."}
)
