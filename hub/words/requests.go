package words

// The answers to a request the hub could not take, whatever the route
// (WebSocket /ws, REST /api/v1, the public pages' forms).
var (
	Internal    = Text{"حدث خطأ في الخادم وتم تسجيله", "Something went wrong in the hub; it was logged"}
	Unavailable = Text{"الخدمة غير متاحة لحظياً، يرجى المحاولة مرة أخرى", "The service is briefly unavailable; please try again"}

	MessageTooLarge  = Text{"الرسالة أكبر من ٦٤ كيلوبايت", "The message is larger than 64 KiB"}
	NotJSON          = Text{"الرسالة ليست JSON صالحاً (عند البايت %d)", "The message is not valid JSON (at byte %d)"}
	FieldType        = Text{"نوع الحقل %[1]s غير صحيح", "The field %s must be a %s, not a %s"}
	NotRequest       = Text{"يجب أن تكون الرسالة كائن JSON يحوي id و type و data", "The message must be a JSON object with id, type and data"}
	NoRequestID      = Text{"الطلب بلا معرّف (id)", "The request has no id"}
	NoRequestType    = Text{"الطلب بلا نوع (type)", "The request has no type"}
	FirstMessageAuth = Text{"يجب أن تكون الرسالة الأولى auth", "The first message must be auth"}
	BadAuthData      = Text{"بيانات المصادقة غير صالحة", "The auth data is not an AuthRequest"}
	AlreadyAuthed    = Text{"تمت المصادقة مسبقاً", "Already authenticated"}
	BadVersion       = Text{"هذا الخادم يستخدم الإصدار ١ من البروتوكول؛ يرجى تحديث التطبيق", "This hub speaks protocol version 1; please update the app"}
	NotYourBranch    = Text{"لا يحق لك متابعة هذا الفرع", "You may not watch this branch"}
	TooManyRequests  = Text{"طلبات كثيرة على هذا الاتصال: يرجى الإبطاء", "Too many requests on this connection: slow down"}

	NoRoute        = Text{"لا يوجد مسار بهذا العنوان: %s %s", "No such API route: %s %s"}
	OwnBranchOnly  = Text{"لا يمكنك التصرف إلا في فرعك", "You may only act in your own branch"}
	BadIdempotency = Text{"ترويسة Idempotency-Key يجب أن تكون من ١ إلى ٦٤ حرفاً لاتينياً أو رقماً أو نقطة أو شرطة أو شرطة سفلية", "The Idempotency-Key header must be 1-64 letters, digits, dots, dashes or underscores"}
	NoBearer       = Text{"أرسل رمز الدخول في ترويسة Authorization", "Send Authorization: Bearer <token>"}
	BodyTooLarge   = Text{"حجم الطلب أكبر من ٦٤ كيلوبايت", "The request body is larger than 64 KiB"}
	UnreadableBody = Text{"تعذرت قراءة الطلب", "Could not read the request body"}
	// A request's parameters are حقول: معاملة is a case (docs/glossary.md).
	BadParameterName = Text{"أسماء الحقول يجب أن تكون نصاً سليماً بحد أقصى ١٠٠ بايت", "Parameter names must be valid UTF-8 of at most 100 bytes"}
	BodyNotObject    = Text{"يجب أن يكون الطلب كائن JSON: %s", "The body must be a JSON object: %s"}
	SignInFields     = Text{"أرسل اسم المستخدم وكلمة المرور", "Send a JSON object with username and password"}
)

// The routes of the pages, the figures and the consoles.
var (
	UnknownBranch   = Text{"الفرع %q غير موجود", "Unknown branch %q"}
	NotYourBranches = Text{"هذا الفرع ليس من الفروع التي تديرها", "This branch is not one you manage"}
	ManagersOnly    = Text{"الأرقام للمديرين فقط", "The figures are for managers only"}
	SignInFirst     = Text{"سجّل الدخول أولاً", "Sign in first"}
	AdminsOnly      = Text{"لوحة الإدارة للمسؤول فقط", "Only an admin may use the console"}
	UnknownChange   = Text{"لا يوجد إجراء بهذا الاسم: %s", "No such change: %s"}
	BadDate         = Text{"التاريخ بصيغة YYYY-MM-DD، مثل 2026-11-28", "Dates are YYYY-MM-DD, e.g. 2026-11-28"}
	RangeBackwards  = Text{"نهاية الفترة قبل بدايتها", "The range ends before it starts"}
	RangeTooLong    = Text{"الفترة %d يوماً على الأكثر", "A range is at most %d days"}
	BadDays         = Text{"عدد الأيام يجب أن يكون من ١ إلى ٣٦٦", "days must be a number from 1 to 366"}

	// The citizens' phone pages.
	BadForm        = Text{"الطلب ليس JSON أو نموذجاً صالحاً بالحقول المتوقعة", "The request is not valid JSON or form data with the expected fields"}
	FormTooLarge   = Text{"الطلب أكبر من 4 كيلوبايت", "The request is larger than 4 KiB"}
	CodeLocked     = Text{"محاولات خاطئة كثيرة لرمز الدخول. حاول مجدداً بعد 15 دقيقة.", "Too many wrong access codes. Try again in 15 minutes."}
	RemoteLaneOnly = Text{"التذاكر عن بُعد في المسار العادي؛ اطلب الأولوية من جهاز الفرع", "Remote tickets are in the normal lane; ask at the kiosk for priority"}
)
