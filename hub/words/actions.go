package words

// The refusals of a request's data and of the rules of hub/internal/actions,
// whichever transport carried it.
var (
	UnknownRequestType = Text{"نوع طلب غير معروف %q", "Unknown request type %q"}
	RoleMayNotSend     = Text{"لا تملك صلاحية هذا الإجراء (%[2]s)", "A %s may not send %s"}
	BadRequestID       = Text{"معرّف الطلب يجب أن يكون من ١ إلى ٦٤ حرفاً لاتينياً أو رقماً", "The request id must be 1-64 letters, digits, dots, dashes or underscores"}
	FieldNotDateTime   = Text{"الحقل %q يجب أن يكون تاريخاً ووقتاً بصيغة RFC 3339، مثل 2026-11-28T09:00:00+03:00", "Field %q must be a date and time in RFC 3339, e.g. 2026-11-28T09:00:00+03:00"}
	FieldWrongType     = Text{"الحقل %[1]q بنوع غير صحيح", "Field %q must be a %s"}
	UnknownField       = Text{"حقل غير معروف %q", "Unknown field %q"}
	MalformedData      = Text{"بيانات الطلب غير صالحة: %s", "Malformed request data: %s"}
	EnterSaudiMobile   = Text{"أدخل رقم جوال سعودي: 05XXXXXXXX أو ‎+9665XXXXXXXX", "Enter a Saudi mobile number: 05XXXXXXXX or +9665XXXXXXXX"}
	LangArOrEn         = Text{"اللغة يجب أن تكون ar أو en", "Language must be ar or en"}
	UnknownService     = Text{"الخدمة %q غير موجودة", "Unknown service %q"}
	UnknownCategory    = Text{"التصنيف %q غير موجود", "Unknown category %q"}
	UnknownDesk        = Text{"المكتب %q غير موجود", "Unknown desk %q"}
	UnknownDepartment  = Text{"الإدارة %q غير موجودة", "Unknown department %q"}

	// Tickets and desks.
	LaneChoice        = Text{"المسار يجب أن يكون عادياً أو أولوية أو موعداً", "Lane must be normal, priority or appointment"}
	TransferOneTarget = Text{"حوّل إلى مكتب أو إلى موظف، لا إلى كليهما", "Transfer to a desk or to an officer, not both"}
	NoSuchOfficer     = Text{"لا يوجد موظف باسم %q في الفرع", "No officer %q in this branch"}
	NoteTooLong       = Text{"الملاحظة أطول من ٥٠٠ حرف", "The note is longer than 500 characters"}
	NoReceipts        = Text{"لا تملك صلاحية طباعة الإيصالات", "You may not print receipts"}
	NoSuchTicket      = Text{"لا توجد تذكرة بهذا المعرّف ورمز الدخول", "No ticket matches this id and access code"}
	RemoteOff         = Text{"هذا الفرع لا يصدر تذاكر عن بُعد: خذ تذكرة من الجهاز في الفرع", "This branch does not take tickets remotely: take one at the kiosk"}
	TicketOtherBranch = Text{"هذه التذكرة لفرع آخر", "This ticket is for another branch"}

	// Appointments.
	NoSuchBooking       = Text{"لا يوجد موعد بهذا الرقم ورمز الدخول", "No appointment matches this number and access code"}
	NoBookings          = Text{"هذا الفرع لا يقبل حجز المواعيد", "This branch does not take appointments"}
	FollowUpOwnVisitor  = Text{"احجز موعد المتابعة للمراجع الذي تناديه أو تخدمه", "Book a follow-up for the visitor you have called or are serving"}
	ServiceNotBookable  = Text{"هذه الخدمة لا تُحجز لها مواعيد: راجع الفرع أو خذ تذكرة عن بُعد", "This service takes no appointments: come to the branch or take a ticket online"}
	SlotFormat          = Text{"يجب أن يكون الموعد بصيغة 2026-12-08T09:20:00+03:00", "The time must be given as 2026-12-08T09:20:00+03:00"}
	SlotPassed          = Text{"هذا الموعد مضى: اختر موعداً قادماً", "This time has passed: choose a time to come"}
	SlotTooSoon         = Text{"احجز قبل الموعد بـ %d دقيقة على الأقل", "Book at least %d minutes before the time"}
	SlotTooFar          = Text{"يمكن حجز المواعيد حتى %d يوماً مقدماً", "Appointments can be booked up to %d days ahead"}
	BranchClosedThatDay = Text{"الفرع مغلق في هذا اليوم: اختر يوماً آخر", "The branch is closed on this day: choose another day"}
	NoSlotThen          = Text{"لا يوجد موعد في هذا الوقت: اختر أحد المواعيد المعروضة", "There is no appointment at this time: choose one of the times offered"}
	BookingOtherBranch  = Text{"هذا الموعد لفرع آخر", "This appointment is for another branch"}
	LateForAppointment  = Text{"وصلت بعد موعدك بأكثر من المهلة المسموحة، فأُعطيت تذكرة عادية وستُخدم حسب دورك.", "You arrived later than your appointment allows, so you have an ordinary ticket and will be served in turn."}

	// Cases.
	CaseOrMobile          = Text{"أدخل رقم المعاملة أو رقم الجوال", "Give a case number or a mobile number"}
	NoSuchDetail          = Text{"الخدمة %[1]q لا تحتوي على الحقل %[2]q", "Service %q has no detail %q"}
	DetailTooLong         = Text{"قيمة الحقل أطول من ٥٠٠ حرف", "A detail is longer than 500 characters"}
	BothCoordinates       = Text{"أدخل خط العرض وخط الطول معاً بالدرجات", "Give both latitude and longitude, in degrees"}
	DeadlineTooFar        = Text{"يجب ألا تتجاوز المهلة 30 يوماً من الآن", "The deadline may be at most 30 days from now"}
	NoSuchCase            = Text{"لا توجد معاملة بهذا الرقم ورمز الدخول", "No case matches this number and access code"}
	UnknownCase           = Text{"المعاملة غير موجودة", "Unknown case"}
	NameAssignee          = Text{"حدد الموظف المسندة إليه المعاملة", "Name the person the case is assigned to"}
	HeadAssignsOthers     = Text{"لا يسند المعاملات إلى الآخرين إلا رئيس الإدارة: أسندها إلى نفسك", "Only the department head assigns cases to others: take it yourself"}
	CaseNotWithDepartment = Text{"المعاملة ليست لدى إدارة: أحلها أولاً", "The case is not with a department: refer it first"}
	// NotDepartmentPerson is filled with the username and the department's
	// name in English and in Arabic.
	NotDepartmentPerson        = Text{"%[1]q ليس من موظفي %[3]s", "%[1]q is not a person of the %[2]s"}
	HeadTakesFromOthers        = Text{"لا يسحب المعاملة من موظف آخر إلا رئيس الإدارة", "Only the department head takes a case from someone else"}
	ReferToCatalogueDepartment = Text{"الإدارة %q غير موجودة: أحل المعاملة إلى إدارة من الدليل", "Unknown department %q: refer to a department of the catalogue"}
	// DepartmentNotServing is filled with the department's name in English
	// and in Arabic.
	DepartmentNotServing = Text{"%[2]s لا تخدم هذا الفرع", "The %[1]s does not serve this branch"}
	InspectorsOnly       = Text{"لا يسجل الزيارات الميدانية إلا المكاتب والإدارات", "Only desks and departments record inspections"}
	WriteFindings        = Text{"اكتب ما وجدته الزيارة الميدانية", "Write what the inspection found"}

	// Signing in.
	WrongPassword = Text{"اسم المستخدم أو كلمة المرور غير صحيحة", "Wrong username or password"}
	LockedOut     = Text{"محاولات دخول فاشلة كثيرة: حاول مجدداً بعد %d دقائق", "Too many failed sign-ins: try again in %d minutes"}
)
