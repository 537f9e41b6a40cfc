package words

// The refusals of a request's fields that the store checks in Go, before
// any script runs (hub/internal/store).
var (
	TextNotUTF8       = Text{"النص بترميز غير صالح", "The text is not valid UTF-8"}
	FieldRequired     = Text{"الحقل %q مطلوب", "Field %q is required"}
	TextTooLong       = Text{"النص أطول من %d حرف", "The text is longer than %d characters"}
	DepartmentTooLong = Text{"اسم الإدارة أطول من ١٠٠ حرف", "The department name is longer than 100 characters"}
	NoPhotosToAttach  = Text{"لا توجد صور لإرفاقها", "No photos to attach"}
	NotSaudiMobile    = Text{"ليس رقم جوال سعودياً (05XXXXXXXX)", "Not a Saudi mobile number (05XXXXXXXX)"}
	ChooseStars       = Text{"اختر من نجمة إلى خمس نجوم", "Choose 1 to 5 stars"}
	UnknownView       = Text{"العرض %q غير معروف: معاملاتي، غير المسندة، كل معاملات الإدارة، بانتظار المواطن", "Unknown view %q: mine, unassigned, department or awaiting"}
	DeskHeldBy        = Text{"المكتب %s يشغله %s", "Desk %s is held by %s"}
	UnknownUser       = Text{"المستخدم %q غير موجود", "No such user: %q"}
	BadDepartmentCode = Text{"رمز الإدارة %q غير صالح", "Invalid department code %q"}
	BadBranchID       = Text{"معرّف الفرع %q غير صالح", "Invalid branch id %q"}
	APIKeyName        = Text{"الاسم مطلوب، بحد أقصى ١٠٠ حرف", "The name is required, at most 100 characters"}
	BadAPIKey         = Text{"مفتاح الواجهة (api_key) غير صالح: اطلبه من البلدية", "Invalid api_key: ask the municipality for one"}
	UnknownAPIKey     = Text{"مفتاح الواجهة %q غير موجود", "No such API key: %q"}
)

// NoReplyExplanation is the response recorded when a case is closed for no
// reply and the officer wrote none: the citizen always reads why.
var NoReplyExplanation = Text{
	"أُغلقت المعاملة لأن ردك على طلب المعلومات لم يصل قبل انقضاء المهلة. يمكنك طلب إعادة فتحها برقم المعاملة.",
	"The case was closed because your reply to our request for information did not arrive before the deadline. You can ask for it to be reopened with the case number.",
}

// The citizens' forms (hub/internal/citizen).
var (
	NotExpectedJSON   = Text{"الطلب ليس كائن JSON صالحاً بالحقول المتوقعة", "The request is not a valid JSON object with the expected fields"}
	NotExpectedForm   = Text{"النموذج غير صالح أو فيه حقول غير متوقعة", "The form is not valid multipart/form-data with the expected fields"}
	NoSuchPhoto       = Text{"لا توجد هذه الصورة في المعاملة", "No such photo on this case"}
	PositionNotNumber = Text{"الموقع ليس رقماً", "The position is not a number"}
)
