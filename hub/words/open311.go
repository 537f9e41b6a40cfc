package words

// The refusals of a request posted to Open311 (hub/internal/open311): its
// body and parameters.
var (
	NoAPIKey          = Text{"مفتاح الواجهة api_key مطلوب لإرسال بلاغ: اطلبه من البلدية", "api_key is required to post a request: ask the municipality for one"}
	BadParameterValue = Text{"القيم يجب أن تكون نصاً سليماً بحد أقصى ٤٠٠٠ حرف", "Values must be valid UTF-8 of at most 4000 characters"}
	NoServiceCode     = Text{"رمز الخدمة service_code مطلوب", "service_code is required"}
	AddressTooLong    = Text{"العنوان address_string أطول من ٥٠٠ حرف", "address_string is longer than 500 characters"}
	NoAddressID       = Text{"المعرّف address_id غير مدعوم هنا: أرسل lat و long، أو address_string", "address_id is not supported here: give lat and long, or address_string"}
	NoLocation        = Text{"حدّد الموقع: lat و long، أو address_string", "Give the location: lat and long, or address_string"}
	BadMediaURL       = Text{"الرابط media_url يجب أن يبدأ بـ http أو https", "media_url must be an http or https address"}
	AttributeForm     = Text{"تُرسل الخصائص بالشكل attribute[code]=value", "Attributes are sent as attribute[code]=value"}
	TooManyAttributes = Text{"عدد الخصائص كبير جداً", "Too many attributes"}
	BadLatLong        = Text{"يجب إرسال lat و long معاً بالدرجات: lat من ‎-90 إلى 90 و long من ‎-180 إلى 180", "lat and long must both be given, in degrees: lat -90 to 90, long -180 to 180"}
	BadMultipart      = Text{"جسم الطلب multipart/form-data غير سليم", "The multipart/form-data body is malformed"}
	BadURLEncoded     = Text{"جسم الطلب application/x-www-form-urlencoded غير سليم", "The application/x-www-form-urlencoded body is malformed"}
	FileOnlyInMedia   = Text{"لا يُرفع ملف إلا في الحقل media", "Only the media parameter may carry a file"}
	UnsupportedType   = Text{"أرسل الطلب بصيغة application/x-www-form-urlencoded، أو multipart/form-data لرفع صورة في media", "Send the request as application/x-www-form-urlencoded, or as multipart/form-data to upload a photo as media"}
)

// The refusals of Open311's queries and look-ups.
var (
	TooManyIDs          = Text{"%d معرّفاً كحد أقصى في الطلب الواحد", "At most %d ids at once"}
	BadStatusFilter     = Text{"الحالة status إما open أو closed أو كلاهما، لا %s", "status is open, closed or both: not %s"}
	BadDateTime         = Text{"%s يجب أن يكون تاريخاً ووقتاً بصيغة W3C أو تاريخاً، مثل 2026-11-28T09:00:00+03:00 أو 2026-11-28", "%s must be a W3C date-time or a date, e.g. 2026-11-28T09:00:00+03:00 or 2026-11-28"}
	BadWholeNumber      = Text{"%s يجب أن يكون عدداً صحيحاً من %d إلى %d", "%s must be a whole number from %d to %d"}
	KeyOfOneBranch      = Text{"هذا المفتاح يرسل إلى الفرع %s فقط", "This api_key posts to jurisdiction %s only"}
	BadOpen311Key       = Text{"مفتاح Idempotency-Key يجب أن يكون من 1 إلى 64 من A-Z a-z 0-9 . _ -", "Idempotency-Key must be 1 to 64 of A-Z a-z 0-9 . _ -"}
	NoDescription       = Text{"الوصف description مطلوب", "description is required"}
	PhotoLabel          = Text{"صورة", "Photo"}
	BadAttribute        = Text{"قيمة الخاصية attribute[%[1]s] غير صالحة", "attribute[%s] is not a valid %s: see services/%s.json"}
	NoSuchAttribute     = Text{"الخدمة %s ليس لها الخاصية %s", "The service %s has no attribute %s"}
	UnknownRequest      = Text{"رقم المعاملة service_request_id %s غير موجود", "Unknown service_request_id %s"}
	MethodNotAllowed    = Text{"الطريقة %s غير مسموحة هنا: استخدم %s", "%s is not allowed here: use %s"}
	UnknownJurisdiction = Text{"المعرّف jurisdiction_id %s غير معروف", "Unknown jurisdiction_id %s"}
	UnknownServiceCode  = Text{"رمز الخدمة service_code %s غير موجود", "Unknown service_code %s: see services.json"}
)

// Open311's answers and notes (hub/internal/open311). Where Open311 has
// one description for both languages, it says Text.Both: English first.
var (
	JurisdictionRequired = Text{"المعرّف jurisdiction_id مطلوب: أحد %s", "jurisdiction_id is required: one of %s"}
	// AttributeRequired is filled with the attribute's code and the
	// field's name in English and in Arabic.
	AttributeRequired = Text{"الخاصية attribute[%[1]s] (%[3]s) مطلوبة", "attribute[%[1]s] (%[2]s) is required"}
	EndBeforeStart    = Text{"تاريخ النهاية end_date قبل تاريخ البداية start_date", "end_date is before start_date"}
	SpanTooLong       = Text{"الفرق بين start_date و end_date لا يتجاوز ٩٠ يوماً", "start_date and end_date may be at most 90 days apart"}
	NoSuchEndpoint    = Text{"لا توجد نقطة Open311 بهذا العنوان: راجع %s", "No such Open311 endpoint: see %s"}
	AskForAPIKey      = Text{"اطلب مفتاح الواجهة من البلدية", "Ask the municipality for an api_key (hub apikey add)"}
	FollowCaseAt      = Text{"تابع المعاملة على %s", "Follow the case at %s"}
	CategoryTargets   = Text{"الرد الأول خلال %d ساعة عمل، والحل خلال %d ساعة عمل", "First response within %d working hours, resolution within %d working hours"}
)

// FieldKinds describe what a value of each kind of a service's field looks
// like, by the catalogue's kind (Open311's attribute descriptions).
var FieldKinds = map[string]Text{
	"text":   {"نص", "Text"},
	"number": {"رقم بالأرقام الغربية", "A number in Western digits"},
	"date":   {"تاريخ: YYYY-MM-DD", "A date: YYYY-MM-DD"},
	"choice": {"أحد مفاتيح القيم", "One of the values' keys"},
}
