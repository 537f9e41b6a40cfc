package words

// The WhatsApp conversation's replies (hub/internal/whatsapp). The
// templates the notifier sends are Meta-approved and live in
// notifications.go; these are the free-form answers within the 24-hour
// window.
var (
	WhatsAppHelp          = Text{"أهلاً بك في شامل. للاستعلام أرسل رقم المعاملة ورمز الدخول المطبوعين على الإيصال. للإبلاغ عن مشكلة أرسل كلمة «بلاغ» ثم وصف المشكلة، ويمكنك إرفاق صور وموقع.", "Welcome to Shamil. To check a case, send its number and the access code from your receipt. To report a problem, send \"report\" followed by a description; you can add photos and a location."}
	WhatsAppNoSuchCase    = Text{"لم نجد معاملة بهذا الرقم ورمز الدخول.", "No case matches that number and access code."}
	WhatsAppCaseStatus    = Text{"المعاملة %s: %s.", "Case %s: %s."}
	CancelFailed          = Text{"تعذر الإلغاء، حاول لاحقاً.", "The report could not be cancelled; please try later."}
	ReportCancelled       = Text{"أُلغي البلاغ.", "The report is cancelled."}
	ReplyFailed           = Text{"تعذر تسجيل ردك، حاول لاحقاً.", "Your reply could not be recorded; please try later."}
	ReplyArrived          = Text{"وصل ردك على المعاملة %s. شكراً لك.", "Your reply on case %s has arrived. Thank you."}
	BadLocation           = Text{"الموقع المرسل غير صالح.", "That location is not valid."}
	LocationFailed        = Text{"تعذر حفظ الموقع، حاول لاحقاً.", "The location could not be saved; please try later."}
	LocationSaved         = Text{"حُفظ الموقع في المعاملة %s.", "The location is saved on case %s."}
	LocationOutsideReport = Text{"لإرسال موقع، ابدأ بلاغاً بكلمة «بلاغ» ثم أرسل الموقع عندما نطلبه.", "To send a location, start a report with \"report\" and send the location when asked."}
	NoWhatsAppPhotos      = Text{"لا نستقبل الصور عبر واتساب حالياً.", "Photos are not taken by WhatsApp for now."}
	PhotoNotReceived      = Text{"تعذر استلام الصورة، أرسلها مرة أخرى.", "The photo could not be received; please send it again."}
	PhotoReceived         = Text{"وصلت الصورة (%d من %d).", "Photo received (%d of %d)."}
	PhotoAttachFailed     = Text{"تعذر إرفاق الصورة، حاول لاحقاً.", "The photo could not be attached; please try later."}
	PhotoAttached         = Text{"أُرفقت الصورة بالمعاملة %s.", "The photo is attached to case %s."}
	NoWhatsAppReports     = Text{"البلاغات عبر واتساب غير متاحة.", "Reports by WhatsApp are not available."}
	ReportFailed          = Text{"تعذر تسجيل البلاغ، حاول لاحقاً.", "The report could not be recorded; please try later."}
	NotUnderstood         = Text{"لم أفهم ردك. ", "Sorry, I did not understand. "}
	AskReportService      = Text{"ما نوع البلاغ؟ أرسل رقمه:", "What is the problem about? Send its number:"}
	AskReportBranch       = Text{"أي فرع يتولى البلاغ؟ أرسل رقمه:", "Which branch should handle it? Send its number:"}
	AskDescription        = Text{"صف المشكلة في رسالة قصيرة.", "Describe the problem in a short message."}
	AskLocation           = Text{"أرسل موقع المشكلة (📎 ثم «الموقع»)، أو 0 للتخطي.", "Send the location of the problem (📎 then \"Location\"), or 0 to skip."}
	HowToCancel           = Text{"\nلإلغاء البلاغ أرسل «إلغاء».", "\nTo cancel the report send \"cancel\"."}
	ReportRecorded        = Text{"سُجّلت معاملتك برقم %s ورمز الدخول %s. تابعه على %s\nيمكنك إرسال صور للمشكلة خلال 30 دقيقة.", "Your report is case %s, access code %s. Follow it at %s\nYou can send photos of the problem within 30 minutes."}

	// The words a citizen types to steer the conversation, in either
	// language (matched case-blind in English).
	ReportCommand = Text{"بلاغ", "report"}
	CancelCommand = Text{"إلغاء", "cancel"}
	// CancelUnhamzated is CancelCommand as phones often type it, without
	// the hamza.
	CancelUnhamzated = "الغاء"
	SkipCommand      = Text{"تخطي", "skip"}
	// PlaceSeparator joins the parts of a place's name (its name and
	// address) in the case's landmark.
	PlaceSeparator = "، "

	// The webhook's plain-text refusals, for Meta's servers and whoever
	// probes the endpoint.
	VerificationFailed = Text{"فشل التحقق", "verification failed"}
	WebhookTooLarge    = Text{"الطلب كبير جداً", "body too large"}
	SignatureRequired  = Text{"التوقيع مطلوب", "signature required"}
	BadSignature       = Text{"توقيع غير صحيح", "bad signature"}
	BadNotification    = Text{"إشعار غير صالح", "malformed notification"}
	TryLater           = Text{"حاول لاحقاً", "try again later"}
)
