package words

// The desk app's own words (desk/): its sign-in, its station and its case
// forms, before the hub is asked.
var (
	DeskAppTitle          = Text{"شامل · المكتب", "Shamil desk"}
	HubAddressForm        = Text{"يجب أن يكون عنوان الخادم مثل http://host:port", "The hub address must look like http://host:port"}
	EnterUsernamePassword = Text{"أدخل اسم المستخدم وكلمة المرور", "Enter your username and password"}
	DeskOfficersOnly      = Text{"تطبيق المكتب لموظفي المكاتب فقط", "Only desk officers can use the desk app"}
	HubUnreachable        = Text{"تعذّر الوصول إلى الخادم", "The hub cannot be reached"} // the English adds the reason
	NoAnswerYet           = Text{"لم يصل رد من الخادم بعد؛ اضغط مرة أخرى لإعادة المحاولة (لن تُنفَّذ مرتين)", "No answer from the hub yet; press again to retry (it will not be done twice)"}
	UnknownAction         = Text{"إجراء غير معروف", "Unknown action"} // the English adds the action
	NoVisitorAtDesk       = Text{"لا يوجد مراجع في المكتب الآن", "The desk has no visitor now"}
	ChooseService         = Text{"اختر الخدمة", "Choose the service"}
	ChooseCategory        = Text{"اختر التصنيف", "Choose the category"}
	// DetailRequired is filled with the field's name in English and in
	// Arabic.
	DetailRequired          = Text{"حقل %[2]s مطلوب", "%[1]s is required"}
	NameDepartment          = Text{"حدّد الإدارة", "Name the department"}
	ResponseBeforeResolving = Text{"اكتب الرد على المواطن قبل الإنجاز", "Write the response to the citizen before resolving"}
	WriteTextFirst          = Text{"اكتب النص أولاً", "Write the text first"}
	TypeCaseOrMobile        = Text{"اكتب رقم المعاملة أو رقم الجوال", "Type a case number or a mobile number"}
	// SomethingWentWrong is an app's own failure, filled with its error.
	SomethingWentWrong = Text{"حدث خطأ: %s", "%s"}
)

// The kiosk app's own words (kiosk/): its set-up form, and what it says
// when the hub did not answer.
var (
	KioskAppTitle      = Text{"شامل · الكشك", "Shamil kiosk"}
	KioskHubAddress    = Text{"يجب أن يكون عنوان الخادم مثل http://10.0.0.5:8080.", "The hub address must look like http://10.0.0.5:8080."}
	PasteDeviceToken   = Text{"الصق رمز الجهاز الذي أظهره الأمر hub device add.", "Paste the device token that `hub device add` printed."}
	PrinterName        = Text{"اسم الطابعة لا يحتوي مسافات أو شرطات مائلة (انظر lpstat -p).", "A printer name has no spaces or slashes (see lpstat -p)."}
	ChooseLanguage     = Text{"اختر العربية أو الإنجليزية.", "Choose Arabic or English."}
	StaffPINDigits     = Text{"رمز الموظفين من 4 إلى 8 أرقام.", "The staff PIN is 4 to 8 digits."}
	WrongStaffPIN      = Text{"رمز الموظفين غير صحيح.", "Wrong staff PIN."}
	HubOffline         = Text{"الخدمة غير متاحة الآن. يرجى الانتظار قليلًا أو مراجعة الموظفين.", "The service is not reachable right now. Please wait a moment or ask the staff."}
	TicketUnconfirmed  = Text{"لم تُؤكَّد تذكرتك. يرجى الضغط مرة أخرى.", "Your ticket was not confirmed. Please tap again."}
	NoTicketYet        = Text{"لم تُصدر أي تذكرة بعد.", "No ticket has been taken yet."}
	NotAShamilTicket   = Text{"هذا الرمز ليس تذكرة شامل. يرجى أخذ تذكرة من الشاشة.", "This code is not a Shamil ticket. Please take a ticket on the screen."}
	CheckInUnconfirmed = Text{"لم يُؤكَّد تسجيل حضورك. يرجى المسح مرة أخرى.", "Your check-in was not confirmed. Please scan again."}
	KioskBadMobile     = Text{"هذا ليس رقم جوال سعوديًا. أدخله بالشكل 05XXXXXXXX أو ‎+9665XXXXXXXX.", "This is not a Saudi mobile number. Enter it as 05XXXXXXXX or +9665XXXXXXXX."}
)

// AppTitle is an app window's title, Arabic first: "شامل · المكتب — Shamil desk".
func AppTitle(t Text) string { return t.Ar + " — " + t.En }
